"""The after-action report: what it says agrees with the score and the law, every format shows
every text literally, and the committed examples are what the code makes today."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest
from markdown_it import MarkdownIt

from breachsim.engine.director import Director
from breachsim.engine.events import NOTE_ADDED, Event
from breachsim.report import PlanOverrides, build_report, unknown_overrides
from breachsim.report.evaluation import DUE_DAYS
from breachsim.report.render import markdown_text, render
from breachsim.report.session import Facts, Played
from breachsim.rules.deadlines import missed_notifications
from breachsim.rules.scoring import score
from breachsim.storm import Storm

from .conftest import ROOT
from .report_examples import FOLDER, GENERATED, examples, played

PLAYS = ROOT / "tests" / "playthroughs"
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="module")
def bad():
    return played()  # the demo scenario, played poorly


@pytest.fixture(scope="module")
def good():
    return played(plan_path=PLAYS / "hospital-ransomware.good.plan.yaml", session="good")


@pytest.fixture(scope="module")
def not_required():
    """A Dutch scenario whose breach needs no notification to the authority."""
    return played("klantbestand-drukker", PLAYS / "klantbestand-drukker.good.plan.yaml",
                  "drukker")


def make(session, **options):
    return build_report(session, generated=GENERATED, **options)


@pytest.fixture(scope="module")
def bad_report(bad):
    return make(bad)


def key_time(report, id_):
    return next(k for k in report.summary.key_times if k.id == id_)


# -- what it says ---------------------------------------------------------------------------------

def test_the_report_explains_the_score_it_does_not_recompute_it(bad, bad_report):
    scored = score(bad.scenario, bad.events)
    assert bad_report.summary.percent == scored.percent
    assert bad_report.summary.rating == scored.rating.value
    assert [(o.id, o.rating) for o in bad_report.objectives] == [
        (o.id, o.rating.value if o.rating else None) for o in scored.objectives]
    findings = [f for o in bad_report.objectives for f in o.findings]
    assert {(f.criterion, f.observed) for f in findings} <= {
        (f.criterion, f.observed) for f in scored.findings}


def test_key_times_tell_a_late_notification_from_a_timely_one(bad_report, good):
    late = key_time(bad_report, "authority")
    assert late.status == "late" and late.limit == "72 h"
    assert late.done.at - late.since.at > 72 * 3600
    timely = key_time(make(good), "authority")
    assert timely.status == "met" and timely.done.at - timely.since.at <= 72 * 3600
    assert key_time(bad_report, "subjects").status == "not_done"


def test_a_breach_that_needs_no_notification_says_so(not_required):
    report = make(not_required)
    assert report.language == "nl"
    authority = next(r for r in report.summary.required if r.who == "authority")
    assert not authority.required and "niet verplicht" in authority.text
    assert key_time(report, "authority").status in ("not_required", "done")
    deadline = next(d for d in report.regulatory.deadlines if d.id == "authority")
    assert deadline.status == "not_required"
    assert not authority.done  # the good team rightly did not notify: no shortcoming said
    for fmt in ("html", "md"):
        assert "Niet gedaan, en niet nodig." in render(report, fmt)
        assert "Niet gedaan." not in render(report, fmt)


def test_an_exercise_ended_early_says_the_notifications_were_not_yet_due(bad):
    """The facilitator ends the demo ten hours in: nobody has notified, and the report says
    the window was still open instead of 'never notified'."""
    director = Director.start(bad.scenario, session="early", seed=1, team="T",
                              wall=lambda: "2026-12-01T10:00:00+00:00", sink=(log := []).extend)
    director.advance_to(10 * 3600)
    director.end()
    report = make(Played(bad.scenario, "early", "T", 1, log[0].wall, log))
    required = {r.who: r for r in report.summary.required}
    assert required["authority"].required and required["authority"].open
    assert not required["authority"].done
    for fmt in ("html", "md"):
        text = render(report, fmt)
        assert "Not done yet: the exercise ended before the window closed." in text
        assert "Not done." not in text
    [timely] = [f for o in report.objectives for f in o.findings
                if f.criterion == "regulatory_timeliness"]
    assert timely.observed.startswith("Not notified when the exercise ended at T+10:00")
    assert not next(r for r in make(bad).summary.required if r.who == "authority").open


def test_every_area_for_improvement_says_why_and_what_to_do(bad_report):
    areas = bad_report.improvements
    assert len(areas) >= 5
    assert len({a.id for a in areas}) == len(areas)  # one area per criterion
    for area in areas:
        assert area.rating in ("S", "M", "U")
        assert area.observations and area.root_cause and area.recommendation
    order = [a.rating for a in areas]
    assert order == sorted(order, key="UMS".index)  # the worst first


def test_the_plan_has_a_due_date_and_an_owner_for_every_area(bad, bad_report):
    start = date.fromisoformat(bad.created[:10])
    assert [p.id for p in bad_report.improvement_plan] == [a.id for a in bad_report.improvements]
    for item, area in zip(bad_report.improvement_plan, bad_report.improvements, strict=True):
        assert date.fromisoformat(item.due) == start + timedelta(days=DUE_DAYS[area.rating])
        assert item.responsible and item.capability and item.corrective_action


def test_owners_and_overrides_change_the_plan(bad, bad_report):
    first = bad_report.improvement_plan[0]
    overrides = PlanOverrides.model_validate({
        "owners": {"dpo": "Jan de Vries", "comms": "Sam Smit"},
        "items": {first.id: {"due": "2026-05-01", "action": "Our own words."}}})
    changed = make(bad, overrides=overrides)
    item = changed.improvement_plan[0]
    assert item.due == "2026-05-01" and item.corrective_action == "Our own words."
    owned = [p.responsible for p in changed.improvement_plan]
    assert any("Jan de Vries" in r for r in owned) and any("Sam Smit" in r for r in owned)
    wrong = PlanOverrides.model_validate({"owners": {"cfo": "X"}, "items": {"nope": {}}})
    problems = unknown_overrides(wrong, bad_report.improvements)
    assert any("'cfo' is no role" in p for p in problems)
    assert any("'nope' is no item" in p for p in problems)


def test_evidence_points_at_events_of_the_log(bad, bad_report):
    seqs = {e.seq for e in bad.events}
    cited = [e for o in bad_report.objectives for f in o.findings for e in f.evidence]
    cited += [e for a in bad_report.improvements for e in a.evidence]
    assert cited and all(e.seq in seqs and e.text for e in cited)
    assert [e.seq for e in bad_report.appendix.events] == [e.seq for e in bad.events]


def test_the_timeline_runs_in_in_world_order_and_marks_the_deadline(bad_report):
    moments = [e.at.at for e in bad_report.timeline]
    assert moments == sorted(moments)
    lanes = {e.lane for e in bad_report.timeline}
    assert {"inject", "decision", "action", "notification", "deadline"} <= lanes


def test_the_storm_is_the_one_the_team_faced(bad, bad_report):
    storm = bad_report.communications
    assert storm.posts == sum(p.social for p in storm.series) > 0
    assert storm.series[storm.peak_hour].social == storm.peak_posts
    # The storm the app showed, fed hour by hour as the session went, posted the same.
    facts = Facts(bad, "en")
    live, missed, seen = Storm(bad.scenario, bad.seed), missed_notifications(facts.deadlines), []
    for hour in range(1, facts.end // 3600 + 2):
        now = min(hour * 3600, facts.end)
        seen += live.advance([e for e in bad.events if e.world < now], now,
                             [m for m in missed if m[0] < now])
    per_hour = Counter(p.t // 3600 for p in seen if p.channel in ("microblog", "forum"))
    assert storm.posts == sum(per_hour.values())
    assert storm.peak_posts == max(per_hour.values())
    assert storm.press and {p.status for p in storm.press} <= {"answered", "late", "missed",
                                                                "open"}


def test_the_report_speaks_the_language_asked_for(bad):
    dutch = make(bad, language="nl")
    english = make(bad)
    assert dutch.title.startswith("Evaluatierapport") and english.title.startswith("After")
    assert dutch.summary.rating_text != english.summary.rating_text
    assert dutch.improvements[0].root_cause != english.improvements[0].root_cause
    html = render(dutch, "html")
    assert "Samenvatting voor het bestuur" in html and "Executive summary" not in html
    sources = {lang: {f.source for o in report.objectives for f in o.findings}
               for lang, report in (("nl", dutch), ("en", english))}
    articles = [s for s in sources["nl"] if "33" in s]  # cited as Dutch law cites them
    assert articles and all(s.startswith("AVG art.") for s in articles)
    assert not [s for s in sources["nl"] if "GDPR" in s or "Guidelines" in s]
    assert any(s.startswith("GDPR Art.") for s in sources["en"])


# -- formats --------------------------------------------------------------------------------------

def test_html_is_one_self_contained_file(bad_report):
    html = render(bad_report, "html")
    assert html.count("<svg") == 2  # the timeline and the storm, inline
    assert "<script" not in html and "javascript:" not in html
    external = re.findall(r'(?:src|href)="(?!#)([^"]*)"', html)
    assert external == []  # nothing fetched, no links out: only anchors within the file
    assert "@media print" in html and "@page" in html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_legend_entry_of_the_charts_is_inside_the_chart(bad, language):
    """A legend row below the chart's frame is cut off in a browser and in print."""
    import xml.etree.ElementTree as ET

    from breachsim.report.charts import storm_chart, timeline_chart

    report = make(bad, language=language)
    for chart in (timeline_chart(report), storm_chart(report)):
        root = ET.fromstring(chart)
        height = float(root.get("viewBox").split()[3])
        [legends] = [g for g in root.iter() if g.get("class") == "legends"]
        top = float(re.search(r"translate\([^,]+, ([\d.]+)\)", legends.get("transform"))[1])
        boxes = [e for e in legends.iter() if e.tag.endswith("rect")]
        assert len(boxes) >= 5  # every series has its entry
        assert all(top + float(b.get("y")) + float(b.get("height")) <= height for b in boxes)


def test_json_follows_its_published_schema(bad_report):
    import jsonschema

    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text())
    data = json.loads(render(bad_report, "json"))
    jsonschema.validate(data, schema)
    assert {"summary", "objectives", "timeline", "regulatory", "communications",
            "improvement_plan"} <= set(data)
    assert data["appendix"]["events"]


def test_the_published_schema_is_the_one_the_code_makes():
    from breachsim.report import Report
    from breachsim.scenario.schema import json_schema

    assert (ROOT / "schema" / "report.schema.json").read_text() == json_schema(Report), (
        "run `make schema`")


def test_a_pdf_is_the_html_printed(not_required):
    from weasyprint import HTML

    report = make(not_required)
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = HTML(string=render(report, "html")).render().pages
    assert len(pages) > 3
    # the running header: the report's title on every page but the cover
    assert all(report.title in _margin_text(page) for page in pages[1:3])


def _margin_text(page) -> str:
    found = []

    def walk(box):
        found.append(getattr(box, "text", "") or "")
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page._page_box)
    return " ".join(found)


def test_the_committed_examples_are_what_the_code_makes():
    for name, made in examples().items():
        committed = (FOLDER / name).read_text(encoding="utf-8")
        assert committed == made, f"reports/{name} differs: run `make examples`"


# -- safety ---------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "| cell | cell |",
    "# A heading", "[a link](https://evil.example/x)", "![image](https://evil.example/i.png)",
    "{{ 7 * 7 }}", "{% raw %}", "**bold** and _em_", "- a list item", "1. numbered",
    "&amp; &lt;b&gt;", "<https://evil.example>", "www.evil.example", "me@evil.example",
    "`code`", "~~struck~~", "$x^2$",
]


@pytest.fixture(scope="module")
def hostile(bad):
    """The bad session with hostile text as team name, notes, a statement and form fields."""
    text = " ".join(HOSTILE)
    events = []
    for event in bad.events:
        data = dict(event.data)
        for field in ("text", "message", "summary", "nature", "note", "rationale"):
            if field in data:
                data[field] = text
        events.append(replace(event, data=data))
    last = events[-1]
    events.insert(len(events) - 1, Event(last.seq, NOTE_ADDED, last.world, last.wall,
                                         {"by": "observer", "text": text}))
    events[-1] = replace(last, seq=last.seq + 1)
    return make(replace(bad, team=text, events=events))


def test_html_shows_hostile_text_literally(hostile):
    html = render(hostile, "html")
    for bad in ("<script>alert", "<img src=x", "<https://", 'href="https://evil'):
        assert bad not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7 * 7 }}" in html  # shown, not evaluated


def test_markdown_shows_hostile_text_literally(hostile, bad_report):
    parser = MarkdownIt("gfm-like")  # tables, strike-through, autolinks as on common forges
    clean = parser.render(render(bad_report, "md"))
    html = parser.render(render(hostile, "md"))
    assert "<script" not in html and "<img" not in html and "<s>" not in html
    assert "evil.example" in html and 'href="https://evil' not in html
    assert "mailto:" not in html
    # the hostile text makes no table, heading, list or emphasis of its own
    for tag in ("<table", "<h1", "<h2", "<h3", "<li", "<strong", "<em", "<code"):
        assert html.count(tag) == clean.count(tag), tag
    assert "{{ 7 * 7 }}" in html


@pytest.mark.parametrize("text", HOSTILE)
def test_one_line_of_markdown_text_is_literal(text):
    rendered = MarkdownIt("gfm-like").renderInline(markdown_text(text))
    assert "<" not in rendered.replace("&lt;", "")
    visible = rendered.replace("\u200b", "").replace("&lt;", "<").replace("&gt;", ">")
    assert visible.replace("&amp;", "&").replace("&quot;", '"') == text


def test_a_session_stopped_early_leaves_the_authority_clock_open(bad):
    early = [e for e in bad.events if e.world <= 10 * 3600]
    report = make(replace(bad, events=early))
    authority = key_time(report, "authority")
    assert authority.status == "open" and authority.done.at is None
