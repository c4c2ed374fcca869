"""Communications: the storm's volume and mood hour by hour with the team's statements and
notifications marked on it, the journalists answered and missed, and the contact centre."""

from __future__ import annotations

from ..storm.params import CONTACT_KINDS
from .model import Communications, Marker, PressEntry, SeriesPoint
from .session import Facts

#: The team's actions the chart marks on the storm.
MARKED = ("public_statement", "notify_subjects", "public_communication", "notify_authority",
          "answer_journalist", "brief_contact_centre")


def communications(facts: Facts) -> Communications:
    w, storm = facts.words, facts.storm
    volume = storm.volume(3600)
    shares = storm.negative_shares(3600)
    social = [m + f for m, f in zip(volume["microblog"], volume["forum"], strict=True)]
    news = [n + t for n, t in zip(volume["news"], volume["ticker"], strict=True)]
    series = [SeriesPoint(hour=hour, social=social[hour], news=news[hour],
                          contact=volume["contact"][hour], negative=_share(shares[hour]))
              for hour in range(len(social))]
    markers = [Marker(at=w.moment(r.world), kind=r.action, label=w.action(r.action))
               for r in facts.state.actions if r.action in MARKED]
    press = [PressEntry(id=request.id, outlet=request.outlet,
                        journalist=request.journalist.name, question=request.question,
                        asked=w.moment(request.t), due=w.moment(request.due),
                        status=standing.status, answered=w.moment(standing.at))
             for request, standing in storm.press_requests(facts.end)]
    contacts: dict[str, dict[str, int]] = {kind: {} for kind in CONTACT_KINDS}
    for contact, standing in facts.contacts:
        counts = contacts[contact.kind]
        counts[standing.status] = counts.get(standing.status, 0) + 1
    posts = sum(social)
    negative = storm.negative_share(max(1, facts.end))
    peak = max(range(len(social)), key=social.__getitem__) if social else None
    return Communications(
        posts=posts, negative_share=_share(negative), peak_hour=peak,
        peak_posts=social[peak] if peak is not None else 0, series=series, markers=markers,
        press=press, press_answered=sum(p.status in ("answered", "late") for p in press),
        press_missed=sum(p.status == "missed" for p in press), contacts=contacts)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
