"""The score in a few lines of plain text, for the command line."""

from __future__ import annotations

from typing import Any

from .findings import catalogue


def score_text(data: dict[str, Any], top: int = 5) -> str:
    lines = []
    if data["percent"] is None:
        lines.append("score: nothing in this session could be scored")
    else:
        lines.append(f"score: {data['percent']:.0f}% ({data['rating']})")
    for objective in data["objectives"]:
        rating = objective["rating"] or "–"
        lines.append(f"  {rating}  {objective['title']}"
                     + (f"  (weight {objective['weight']:g})" if objective["weight"] != 1 else ""))
    criteria = catalogue()
    # strengths: the law and practice criteria first, then the scenario's own expectations
    strengths = sorted((f for f in data["findings"] if f["rating"] == "P"),
                       key=lambda f: f["criterion"] not in criteria)[:top]
    weakest = [f for f in sorted(data["findings"], key=lambda f: f["points"])
               if f["rating"] in ("M", "U")][:top]
    for heading, findings in (("strengths:", strengths), ("to improve:", weakest)):
        if not findings:
            continue
        lines.append("")
        lines.append(heading)
        for finding in findings:
            evidence = ", ".join(f"#{n}" for n in finding["evidence"])
            lines.append(f"  {finding['rating']}  {finding['title']}: {finding['observed']}"
                         + (f" [{evidence}]" if evidence else ""))
    fines = data["fines"]
    lines.append("")
    lines.append(f"fine exposure for failing Art. 33/34 ({fines['tier']}): up to "
                 f"{fines['maximum']:,} {fines['currency']}")
    return "\n".join(lines)
