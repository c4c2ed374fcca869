"""From the one report model to each format: HTML, Markdown, JSON and PDF.

HTML and Markdown come from templates in a sandboxed Jinja2 environment. In HTML every value
is autoescaped; in Markdown every value passes ``markdown_text``, so text from scenarios,
players and notes can never become a tag, link, heading, list or table. Only the renderer's own
markup (the charts, the stylesheet) is marked safe. Templates see the report and a few
formatting functions, nothing else.
"""

from __future__ import annotations

import re
import typing
from functools import cache
from pathlib import Path

from markupsafe import Markup

from ..rules.deadlines import Status
from .model import Report, TimelineEntry
from .words import Words

FORMATS = ("html", "md", "json", "pdf")
TEMPLATES = Path(__file__).parent / "templates"
#: The report's sections in order: (anchor, heading key).
SECTIONS = (
    ("summary", "aar.h.summary"), ("overview", "aar.h.overview"),
    ("objectives", "aar.h.analysis"), ("timeline", "aar.h.timeline"),
    ("regulatory", "aar.h.regulatory_short"), ("communications", "aar.h.communications"),
    ("strengths", "aar.h.strengths"), ("improvements", "aar.h.improvements"),
    ("plan", "aar.h.plan"), ("notes", "aar.h.notes"), ("appendix", "aar.h.appendix"),
)
LANES = typing.get_args(TimelineEntry.model_fields["lane"].annotation)
#: The most rows the tables of requests and journalists show (the JSON report has them all).
SHOWN = 25
#: How a contact or request can stand at the end, in the order the tables show them.
STANDINGS = ("answered", "handled", "late", "open", "missed")

#: What makes Markdown anywhere in a line: emphasis, code, links, images, tags, entities, table
#: cells, strike-through, headings, math. A backslash makes each literal (CommonMark 2.4).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#$])")
#: What makes Markdown at the start of a line: a list item, a quote, a setext underline.
_LEADING = re.compile(r"^([-+=]|\d+(?=[.)]))")
#: What a forge turns into a link or a mention without any markup: a zero-width space keeps
#: it text.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def markdown_text(value: object) -> str:
    """``value`` as literal Markdown text on one line."""
    if isinstance(value, Markup):
        return str(value)
    text = _SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u200b", " ".join(str(value).split())))
    return _LEADING.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit()
                        else "\\" + m.group(1), text)


@cache
def _environment(kind: str):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    options = dict(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    if kind == "html":
        return ImmutableSandboxedEnvironment(autoescape=True, **options)
    return ImmutableSandboxedEnvironment(autoescape=False, finalize=markdown_text, **options)


def _context(report: Report) -> dict:
    w = Words(report.language)

    def percent(share: float | None) -> str:
        return "—" if share is None else f"{w.number(100 * share, '.0f')}%"

    # the two long tables as plain rows with their labels looked up once: a template reads a
    # tuple without the sandbox's check of every attribute, which for 20,000 events is seconds
    lanes = {lane: w.say(f"aar.lane.{lane}") for lane in LANES}
    statuses = {s.value: w.say(f"aar.status.{s.value}") for s in Status}
    timeline = [(e.at.text, e.lane, lanes[e.lane], e.title, e.detail,
                 statuses.get(e.status) if e.lane == "deadline" else None,
                 e.status == "awareness", e.status)
                for e in report.timeline]
    events = [(e.seq, e.at.text, e.wall[:19], e.text) for e in report.appendix.events]
    return {"report": report, "t": w.say, "number": w.number, "percent": percent, "stamp": stamp,
            "sections": SECTIONS, "standings": STANDINGS, "timeline_rows": timeline,
            "event_rows": events, "shown": SHOWN}


def stamp(iso: str) -> str:
    """A UTC time stamp as people read it: ``2026-12-03 17:26 UTC``."""
    return f"{iso[:16].replace('T', ' ')} UTC"


def render_html(report: Report) -> str:
    from .charts import storm_chart, timeline_chart

    charts = {"timeline": Markup(timeline_chart(report)), "storm": Markup(storm_chart(report))}
    stylesheet = Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))
    return _environment("html").get_template("report.html.j2").render(
        **_context(report), charts=charts, stylesheet=stylesheet)


def render_markdown(report: Report) -> str:
    return _environment("md").get_template("report.md.j2").render(**_context(report))


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_pdf(report: Report) -> bytes:
    return _pdf(render_html(report))


def _pdf(html: str) -> bytes:
    """HTML printed to PDF by WeasyPrint (the ``pdf`` extra), with the print stylesheet."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_comparison(comparison, fmt: str) -> str | bytes:
    if fmt == "json":
        return comparison.model_dump_json(indent=2) + "\n"
    w = Words(comparison.language)
    kind = "md" if fmt == "md" else "html"
    text = _environment(kind).get_template(f"compare.{kind}.j2").render(
        comparison=comparison, t=w.say, number=w.number, stamp=stamp,
        stylesheet=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")))
    return _pdf(text) if fmt == "pdf" else text


def render(report: Report, fmt: str) -> str | bytes:
    return {"html": render_html, "md": render_markdown, "json": render_json,
            "pdf": render_pdf}[fmt](report)
