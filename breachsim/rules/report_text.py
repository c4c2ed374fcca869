"""The score in a few lines of plain text, for the command line."""

from __future__ import annotations

from typing import Any

from ..law.messages import message, number
from .findings import CRITERIA


def score_text(data: dict[str, Any], top: int = 5, *, language: str = "en") -> str:
    """``data`` is ``Score.as_dict()``; the headings are in ``language``, the findings in the
    language they were scored in."""
    lines = []
    if data["percent"] is None:
        lines.append(message("report.nothing_scored", language))
    else:
        lines.append(message("report.score", language,
                             percent=number(data["percent"], language, ".0f"),
                             rating=data["rating"]))
        if data["reason"]:
            lines.append(f"  {data['reason']}")
    for objective in data["objectives"]:
        rating = objective["rating"] or "–"
        weight = ("" if objective["weight"] == 1 else "  " + message(
            "report.weight", language, weight=number(objective["weight"], language, "g")))
        lines.append(f"  {rating}  {objective['title']}{weight}")
        if objective["reason"]:
            lines.append(f"       {objective['reason']}")
    # strengths: the law and practice criteria first, then the scenario's own expectations
    strengths = sorted((f for f in data["findings"] if f["rating"] == "P"),
                       key=lambda f: f["criterion"] not in CRITERIA)[:top]
    weakest = [f for f in sorted(data["findings"], key=lambda f: f["points"])
               if f["rating"] in ("M", "U")][:top]
    for heading, findings in ((message("report.strengths", language), strengths),
                              (message("report.to_improve", language), weakest)):
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
    lines.append(message("report.fines", language, tier=fines["tier"],
                         maximum=number(fines["maximum"], language),
                         currency=fines["currency"]))
    return "\n".join(lines)
