"""The score in a few lines of plain text, for the command line."""

from __future__ import annotations

from typing import Any


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
    weakest = sorted(data["findings"], key=lambda f: f["points"])[:top]
    weakest = [f for f in weakest if f["rating"] in ("M", "U")]
    if weakest:
        lines.append("")
        lines.append("to improve:")
        for finding in weakest:
            evidence = ", ".join(f"#{n}" for n in finding["evidence"])
            lines.append(f"  {finding['rating']}  {finding['title']}: {finding['observed']}"
                         + (f" [{evidence}]" if evidence else ""))
    fines = data["fines"]
    lines.append("")
    lines.append(f"fine exposure for failing Art. 33/34 ({fines['tier']}): up to "
                 f"{fines['maximum']:,} {fines['currency']}")
    return "\n".join(lines)
