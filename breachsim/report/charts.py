"""The report's charts as SVG: the timeline of the session and the storm hour by hour.

Drawn by pygal from the report model alone. pygal always embeds a script for its interactive
tooltips and comments with the date; both are taken out, so a chart is static markup that
gives the same bytes for the same report. pygal writes every text through its XML writer, so
titles from scenarios and players are escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .model import Report
from .words import H, Words

SVG = "http://www.w3.org/2000/svg"
#: The timeline's lanes, top to bottom.
LANES = ("inject", "decision", "action", "notification", "note")
#: The most dots a lane shows: beyond it, moments close together share one dot (a chart is
#: 900 pixels wide; more dots than that are no more legible, only slower to draw).
DOTS = 300
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#7f7f7f", "#c00000", "#2e75b6")


def _style():
    from pygal.style import Style

    return Style(background="white", plot_background="white", foreground="#222",
                 foreground_strong="#111", foreground_subtle="#888",
                 font_family="Helvetica, Arial, sans-serif", label_font_size=11,
                 major_label_font_size=11, legend_font_size=11, title_font_size=13,
                 colors=COLOURS)


def _config(**extra):
    return dict(js=[], disable_xml_declaration=True, style=_style(), width=900, height=340,
                legend_at_bottom=True, legend_at_bottom_columns=4, show_x_guides=False,
                truncate_legend=-1, **extra)


def _static(chart, name: str) -> str:
    """The chart's SVG with a fixed id, without scripts and comments, and the ids pygal's
    script would have used made unique to the chart (a report holds several)."""
    chart.uuid = name
    root = ET.fromstring(chart.render(is_unicode=True))
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG}}}script":
                parent.remove(child)
        if parent is not root and "id" in parent.attrib:
            parent.set("id", f"{name}-{parent.get('id')}")
    ET.register_namespace("", SVG)
    return ET.tostring(root, encoding="unicode")


def timeline_chart(report: Report) -> str:
    import pygal

    w = Words(report.language)
    chart = pygal.XY(**_config(stroke=False, show_y_guides=True, dots_size=4,
                               x_title=w.say("aar.chart.hours"), range=(0.5, len(LANES) + 0.5),
                               include_x_axis=False))
    chart.y_labels = [{"label": w.say(f"aar.lane.{lane}"), "value": len(LANES) - i}
                      for i, lane in enumerate(LANES)]
    span_hours = max(1.0, report.summary.world_span.at / H)
    for i, lane in enumerate(LANES):
        moments = [e.at.at / H for e in report.timeline
                   if e.lane == lane and e.at.at is not None]
        chart.add(w.say(f"aar.lane.{lane}"),
                  [(x, len(LANES) - i) for x in _thinned(moments, span_hours)] or [None])
    span = (0.5, len(LANES) + 0.5)
    aware = next(k for k in report.summary.key_times if k.id == "awareness").done.at
    if aware is not None:
        chart.add(w.say("aar.chart.aware"), [(aware / H, y) for y in span], stroke=True,
                  show_dots=False, stroke_style={"width": 2})
    authority = next((d for d in report.regulatory.deadlines if d.id == "authority"), None)
    if authority is not None:
        chart.add(w.say("aar.chart.window", hours=report.regulatory.window_hours),
                  [(authority.due.at / H, y) for y in span], stroke=True, show_dots=False,
                  stroke_style={"width": 2, "dasharray": "6,4"})
    # one row of legend: pygal leaves room below the plot for the rows of a legend in columns
    # by rounding down (seven entries in four columns get room for one row, and draw two)
    chart.legend_at_bottom_columns = len(chart.raw_series)
    return _static(chart, "timeline")


def storm_chart(report: Report) -> str:
    import pygal

    w = Words(report.language)
    series = report.communications.series
    chart = pygal.XY(**_config(x_title=w.say("aar.chart.hours"),
                               y_title=w.say("aar.chart.per_hour"), show_dots=False,
                               include_x_axis=True, secondary_range=(0, 100)))
    chart.add(w.say("aar.chart.social"), [(p.hour, p.social) for p in series] or [None])
    chart.add(w.say("aar.chart.news"), [(p.hour, p.news) for p in series] or [None])
    chart.add(w.say("aar.chart.contact"), [(p.hour, p.contact) for p in series] or [None])
    chart.add(w.say("aar.chart.negative"),
              [(p.hour, round(100 * p.negative)) if p.negative is not None else None
               for p in series] or [None], secondary=True, stroke_style={"dasharray": "3,3"})
    social = {p.hour: p.social for p in series}
    moments = [m.at.at / H for m in report.communications.markers if m.at.at is not None]
    marks = [(x, social.get(int(x), 0)) for x in _thinned(moments, max(1.0, len(series)))]
    chart.add(w.say("aar.chart.team"), marks or [None], stroke=False, show_dots=True, dots_size=5)
    return _static(chart, "storm")


def _thinned(moments: list[float], span: float) -> list[float]:
    """``moments`` (in hours), at most ``DOTS`` of them: the first of each stretch of
    ``span / DOTS`` hours."""
    width = span / DOTS
    found, last = [], None
    for x in sorted(moments):
        bucket = int(x / width)
        if bucket != last:
            found.append(x)
            last = bucket
    return found
