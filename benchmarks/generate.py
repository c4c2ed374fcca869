"""Generate large scenarios for benchmarks: N injects with timing, decisions, conditions."""

from __future__ import annotations

BODIES = (
    "      Plain message %d: the service desk reports nothing new.",
    "      {{ organisation.name }} receives message %d from {{ fake.name() | title }}.",
    "      Message %d. {% if vars.escalated %}The board is involved.{% endif %}",
)


def scenario_text(count: int, templated: str = "mixed", expect_every: int = 0,
                  hours: int | None = None) -> str:
    """A valid scenario of ``count`` injects: timed, chained, branching and templated.

    ``templated``: "mixed" cycles through plain text, simple ``{{ }}`` tags and ``{% if %}``
    blocks; "full" gives every body tags and an ``{% if %}`` block (the worst case).
    ``expect_every`` > 0 gives every n-th inject an expectation (answer a journalist in 2h).
    ``hours``: the in-world duration (default: long enough for ten injects an hour).
    """
    spread = hours is not None  # the injects spread evenly over the given hours
    hours = hours or max(72, count // 10 + 2)
    out = [
        "format: 1",
        f"id: generated-{count}",
        f"title: Generated scenario with {count} injects",
        "summary: A synthetic scenario for benchmarks.",
        "language: en",
        "locale: en_GB",
        "jurisdiction: EU",
        "breach: {nature: [confidentiality], data_categories: [identity], data_subjects: 5000}",
        f"clock: {{start: 2026-01-05T08:00:00+01:00, speed: 60, duration: {hours}h}}",
        "variables:",
        "  escalated: false",
        "  calls: 0",
        "start: i0",
        "injects:",
    ]
    for n in range(count):
        out += [
            f"  - id: i{n}",
            f"    title: Generated inject number {n}",
            f"    channel: {('email', 'phone', 'news', 'social', 'regulator')[n % 5]}",
            "    severity: medium",
        ]
        if expect_every and n % expect_every == 0:
            out.append("    expect: [{action: answer_journalist, within: 2h}]")
        if n == 0:
            out.append("    marks_awareness: true")
        elif n % 10 == 1:
            out.append(f"    after: {{inject: i{n - 1}, delay: 5m}}")
        elif n % 10 == 5:
            out.append(f"    when: seen(i{n - 1}) and not escalated or calls > 2")
        elif n % 10 == 9 and n + 1 < count:
            pass  # triggered by the decision of the inject before it
        else:
            minutes = n * (hours - 1) * 60 // count if spread else n // 10 * 60 + n % 60
            out.append(f"    at: T+{minutes // 60:02d}:{minutes % 60:02d}")
        out.append("    body: |")
        if templated == "full":
            out += [BODIES[1].replace("%d", str(n)), BODIES[2].replace("%d", str(n))]
        else:
            out.append(BODIES[n % 3].replace("%d", str(n)))
        if n % 10 == 8 and n + 1 < count:
            out += [
                "    decision:",
                "      prompt: Escalate?",
                "      timeout: 30m",
                "      default: no",
                "      options:",
                "        - {id: yes, label: Escalate, set: {escalated: true, calls: 3},",
                f"           triggers: [i{n + 1}]}}",
                "        - {id: no, label: Hold, set: {escalated: false}}",
            ]
    return "\n".join(out).replace("id: yes", "id: 'yes'").replace("id: no,", "id: 'no',") \
        .replace("default: no", "default: 'no'") + "\n"
