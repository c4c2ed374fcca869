"""The score: findings with evidence from the team's own log, grouped by the scenario's objectives.

A pure function of the scenario and the events: the same log always gives the same score.
Each criterion looks at what the law or good crisis practice asks (criteria.yaml names the
source), at what the log shows, and rates it P, S, M or U. Criteria that the session gave no
occasion for produce no finding rather than a free pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine.events import Event
from ..engine.state import State, fold
from ..law.jurisdiction import jurisdiction
from ..scenario.durations import format_offset
from ..scenario.model import Scenario
from .deadlines import Status, deadlines
from .findings import (
    MAX_POINTS,
    Finding,
    ObjectiveScore,
    Rating,
    criterion_source,
    criterion_title,
)
from .plain_language import ELEMENTS, check_message

H = 3600
_STANCE = {"apologise": Rating.P, "compensate": Rating.P, "justify": Rating.S,
           "diminish": Rating.M, "deny": Rating.U}


@dataclass(frozen=True)
class FineExposure:
    tier: str
    maximum: int
    currency: str
    turnover: int | None
    basis: str


@dataclass(frozen=True)
class Score:
    findings: tuple[Finding, ...]
    objectives: tuple[ObjectiveScore, ...]
    percent: float | None
    rating: Rating | None
    fines: FineExposure
    assessment: Any = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "percent": self.percent,
            "rating": self.rating.value if self.rating else None,
            "objectives": [
                {"id": o.id, "title": o.title, "weight": o.weight,
                 "rating": o.rating.value if o.rating else None, "points": o.points,
                 "criteria": sorted({f.criterion for f in o.findings})}
                for o in self.objectives],
            "findings": [f.as_dict() for f in self.findings],
            "fines": self.fines.__dict__,
        }


class _Judge:
    """Rates one session: shared lookups for the criteria below."""

    def __init__(self, scenario: Scenario, state: State, events: list[Event]):
        self.scenario = scenario
        self.state = state
        self.events = events
        self.language = scenario.language.value
        self.law = jurisdiction(scenario.jurisdiction.value)
        self.end = state.world
        from .assessment import scenario_assessment

        self.assessment = scenario_assessment(scenario)

    def t(self, en: str, nl: str) -> str:
        return nl if self.language == "nl" else en

    def when(self, seconds: int | None) -> str:
        return "—" if seconds is None else format_offset(seconds)

    def finding(self, criterion: str, expected: str, observed: str, rating: Rating,
                evidence: tuple[int, ...] = (), note: str | None = None,
                title: str | None = None) -> Finding:
        return Finding(criterion, title or criterion_title(criterion, self.language), expected,
                       observed, rating, evidence, criterion_source(criterion), note)

    # -- criteria ------------------------------------------------------------------------------

    def awareness(self) -> list[Finding]:
        aware = self.state.awareness
        if aware is None:
            return []
        declared = self.state.declared_awareness
        expected = self.t("The team recognises a personal-data breach and says so within the "
                          "hour of the facts that show it.",
                          "Het team herkent een datalek en stelt dat binnen het uur vast.")
        if declared is None:
            return [self.finding("awareness", expected, self.t(
                "The team never declared that it was aware of a breach.",
                "Het team heeft nooit vastgesteld dat er een datalek was."), Rating.U)]
        delay = declared - aware
        rating = (Rating.P if delay <= H else Rating.S if delay <= 4 * H
                  else Rating.M if delay <= 24 * H else Rating.U)
        record = self.state.actions_of("declare_awareness")[0]
        return [self.finding("awareness", expected, self.t(
            f"Declared aware at {self.when(declared)}; the facts were there at "
            f"{self.when(aware)}.",
            f"Datalek vastgesteld om {self.when(declared)}; de feiten lagen er om "
            f"{self.when(aware)}."), rating, (record.seq,))]

    def regulatory_timeliness(self) -> list[Finding]:
        aware = self.state.aware_since
        if aware is None or not self.assessment.notify_authority:
            return []
        window = self.law.notify_window
        authority = self.law.authority.short.get(self.language)
        expected = self.t(
            f"Notify {authority} without undue delay and within {self.law.notify_hours} hours "
            "of becoming aware; give reasons if later.",
            f"Meld bij {authority} zonder onnodige vertraging en binnen "
            f"{self.law.notify_hours} uur na het vaststellen; geef redenen bij een latere "
            "melding.")
        initial = self.state.initial_notification
        if initial is None:
            observed = self.t("The authority was never notified.",
                              "Er is nooit gemeld bij de toezichthouder.")
            return [self.finding("regulatory_timeliness", expected, observed, Rating.U)]
        taken = initial.world - aware
        reasons = bool(initial.fields.get("delay_reasons"))
        if taken <= window:
            rating = Rating.P
        elif taken <= window + 24 * H and reasons:
            rating = Rating.S
        else:
            rating = Rating.M
        hours = taken / H
        observed = self.t(
            f"Notified {hours:.0f} hours after becoming aware"
            + (", with reasons for the delay." if taken > window and reasons else "."),
            f"Gemeld {hours:.0f} uur na het vaststellen"
            + (", met redenen voor de vertraging." if taken > window and reasons else "."))
        return [self.finding("regulatory_timeliness", expected, observed, rating,
                             (initial.seq,))]

    def notify_judgement(self) -> list[Finding]:
        found = []
        assessment = self.assessment
        initial = self.state.initial_notification
        required = assessment.notify_authority
        expected = (self.t("The assessment of the facts says the authority must be notified.",
                           "Op grond van de feiten moet de toezichthouder worden ingelicht.")
                    if required else
                    self.t("The facts make a risk unlikely: no notification to the authority is "
                           "required; the breach is registered internally.",
                           "Een risico is onwaarschijnlijk: melden bij de toezichthouder hoeft "
                           "niet; het datalek wordt intern geregistreerd."))
        if required and initial is None:
            found.append(self.finding("notify_judgement", expected, self.t(
                "The team did not notify.", "Het team heeft niet gemeld."), Rating.U))
        elif required:
            found.append(self.finding("notify_judgement", expected, self.t(
                "The team notified.", "Het team heeft gemeld."), Rating.P, (initial.seq,)))
        elif initial is not None:
            found.append(self.finding("notify_judgement", expected, self.t(
                "The team notified although it was not required.",
                "Het team heeft gemeld, hoewel dat niet hoefde."), Rating.S, (initial.seq,),
                note=self.t("Notifying when it is not required breaks no law, but it costs the "
                            "authority's and the team's time.",
                            "Melden zonder plicht is geen overtreding, maar kost de "
                            "toezichthouder en het team tijd.")))
        else:
            found.append(self.finding("notify_judgement", expected, self.t(
                "The team rightly did not notify.", "Het team heeft terecht niet gemeld."),
                Rating.P))
        told = self.state.actions_of("notify_subjects") + self.state.actions_of(
            "public_communication")
        if assessment.notify_subjects:
            expected = self.t("The risk to the people affected is high: tell them without undue "
                              "delay (Art. 34(1)).",
                              "Het risico voor de betrokkenen is hoog: informeer hen zonder "
                              "onnodige vertraging (art. 34, eerste lid).")
            first = min(told, key=lambda a: a.seq) if told else None
            aware = self.state.aware_since or 0
            if first is None:
                rating, observed = Rating.U, self.t("The team did not tell them.",
                                                    "Het team heeft hen niet ingelicht.")
            else:
                hours = (first.world - aware) / H
                in_time = first.world - aware <= self.law.notify_window
                rating = Rating.P if in_time else Rating.S
                observed = self.t(f"The team told them {hours:.0f} hours after becoming aware.",
                                  f"Het team heeft hen {hours:.0f} uur na het vaststellen "
                                  "ingelicht.")
            found.append(self.finding("notify_judgement", expected, observed, rating,
                                      (first.seq,) if first else ()))
        elif told:
            found.append(self.finding("notify_judgement", self.t(
                "The risk to the people affected is not high: telling them is not required.",
                "Het risico voor de betrokkenen is niet hoog: informeren hoeft niet."),
                self.t("The team told them anyway.", "Het team heeft hen toch ingelicht."),
                Rating.S, (told[0].seq,), note=self.t(
                    "Not a breach of the law; unnecessary messages can alarm people and "
                    "train them to ignore the next one.",
                    "Geen overtreding; onnodige berichten verontrusten mensen en leren hen het "
                    "volgende bericht te negeren.")))
        return found

    def notification_completeness(self) -> list[Finding]:
        initial = self.state.initial_notification
        if initial is None:
            return []
        fields = initial.fields
        known = _known_facts(self.scenario, self.state, initial.world)
        problems_en, problems_nl = [], []
        categories = set(known.get("data_categories") or [])
        missing = sorted(categories - set(fields.get("categories") or []))
        if missing:
            problems_en.append(f"categories left out: {', '.join(missing)}")
            problems_nl.append(f"categorieën weggelaten: {', '.join(missing)}")
        subjects = known.get("data_subjects")
        given = fields.get("subjects_approx")
        if subjects and not given:
            problems_en.append("no approximate number of people")
            problems_nl.append("geen bij benadering aantal betrokkenen")
        elif subjects and given and not subjects / 2 <= given <= subjects * 2:
            problems_en.append(f"{given} people where the facts say about {subjects}")
            problems_nl.append(f"{given} betrokkenen waar de feiten er ongeveer {subjects} "
                               "noemen")
        follow_ups = [a for a in self.state.actions_of("notify_authority")
                      if a.fields.get("kind") == "follow_up"]
        changes = _material_changes(self.scenario, self.state, initial.world)
        late_news = [c for c in changes if not any(f.world >= c[0] for f in follow_ups)]
        if late_news:
            problems_en.append("no follow-up after new facts: "
                               + ", ".join(sorted({c[1] for c in late_news})))
            problems_nl.append("geen aanvulling na nieuwe feiten: "
                               + ", ".join(sorted({c[1] for c in late_news})))
        expected = self.t(
            "Art. 33(3): nature, categories and approximate numbers, a contact point, likely "
            "consequences and measures — matching the facts known — and a follow-up when they "
            "change (Art. 33(4)).",
            "Art. 33(3): aard, categorieën en aantallen bij benadering, contactpunt, "
            "waarschijnlijke gevolgen en maatregelen — in lijn met de bekende feiten — en een "
            "aanvulling als die veranderen (art. 33(4)).")
        count = len(problems_en)
        rating = [Rating.P, Rating.S, Rating.M][min(count, 2)]
        observed = (self.t("Complete and consistent with the facts.",
                           "Volledig en in lijn met de feiten.") if not count
                    else self.t("; ".join(problems_en).capitalize() + ".",
                                "; ".join(problems_nl).capitalize() + "."))
        evidence = (initial.seq, *(f.seq for f in follow_ups))
        return [self.finding("notification_completeness", expected, observed, rating, evidence)]

    def subject_communication(self) -> list[Finding]:
        """One finding for everything the team told the people affected: a letter and a web
        page together may cover what one message alone does not."""
        messages = self.state.actions_of("notify_subjects") + self.state.actions_of(
            "public_communication")
        if not messages:
            return []
        checks = [check_message(r.fields.get("message", ""), self.language) for r in messages]
        covered = {element for check in checks for element in check.covered}
        missing = [_ELEMENT_WORDS[self.language][e] for e in ELEMENTS if e not in covered]
        unclear = [c for c in checks if not c.clear]
        problems = list(missing)
        if unclear:
            words = max(c.average_sentence_words for c in unclear)
            jargon = sorted({j for c in unclear for j in c.jargon})
            problems.append(self.t(
                f"not plain enough (sentences of up to {words:.0f} words"
                + (f", jargon: {', '.join(jargon)}" if jargon else "") + ")",
                f"niet eenvoudig genoeg (zinnen tot {words:.0f} woorden"
                + (f", jargon: {', '.join(jargon)}" if jargon else "") + ")"))
        rating = [Rating.P, Rating.S, Rating.M, Rating.U][min(len(problems), 3)]
        observed = (self.t("Covers every element, in plain words.",
                           "Bevat alle onderdelen, in gewone taal.") if not problems
                    else self.t("Missing or weak: ", "Ontbreekt of zwak: ")
                    + "; ".join(problems) + ".")
        return [self.finding("subject_communication", self.t(
            "Art. 34(2): in clear and plain language, what happened, a contact point, the "
            "likely consequences and the measures taken and advised.",
            "Art. 34(2): in duidelijke en eenvoudige taal wat er gebeurde, een contactpunt, "
            "de waarschijnlijke gevolgen en de genomen en geadviseerde maatregelen."),
            observed, rating, tuple(r.seq for r in messages))]

    def crisis_communication(self) -> list[Finding]:
        press = [d for d in self.state.delivered.values() if _is_press(self.scenario, d)]
        statements = self.state.actions_of("public_statement")
        found = []
        if press:
            first = min(press, key=lambda d: d.world)
            after = [s for s in statements if s.world >= first.world]
            expected = self.t("A holding statement within two hours of the first press or "
                              "social-media attention.",
                              "Een eerste verklaring (holding statement) binnen twee uur na de "
                              "eerste aandacht van pers of sociale media.")
            if not after:
                rating, observed, evidence = Rating.U, self.t(
                    "No public statement followed.", "Er volgde geen publieke verklaring."), ()
            else:
                delay = after[0].world - first.world
                rating = (Rating.P if delay <= 2 * H else Rating.S if delay <= 4 * H
                          else Rating.M)
                observed = self.t(f"First statement {delay / H:.1f} hours after "
                                  f"'{first.title}'.",
                                  f"Eerste verklaring {delay / H:.1f} uur na "
                                  f"'{first.title}'.")
                evidence = (first.seq, after[0].seq)
            found.append(self.finding("crisis_communication", expected, observed, rating,
                                      evidence))
        for record in statements:
            stance = record.fields.get("stance", "")
            rating = _STANCE.get(stance, Rating.S)
            found.append(self.finding("crisis_communication", self.t(
                "A stance that fits an organisation that suffered a breach it could have "
                "prevented: take responsibility (apologise, compensate), not deny or diminish.",
                "Een houding die past bij een organisatie met een datalek dat te voorkomen was: "
                "verantwoordelijkheid nemen (excuses, compensatie), niet ontkennen of "
                "bagatelliseren."), self.t(f"Stance: {stance}.", f"Houding: {stance}."),
                rating, (record.seq,)))
            if stance == "deny" and self.state.initial_notification is not None:
                found.append(self.finding("crisis_communication", self.t(
                    "What is said in public matches what the authority was told.",
                    "Wat publiek gezegd wordt, klopt met de melding aan de toezichthouder."),
                    self.t("The statement denies a breach the team notified.",
                           "De verklaring ontkent een datalek dat het team heeft gemeld."),
                    Rating.U, (record.seq, self.state.initial_notification.seq)))
        return found

    def request_handling(self) -> list[Finding]:
        customers = [d for d in self.state.delivered.values()
                     if d.channel == "customer" or _role(self.scenario, d.sender) == "customer"]
        if not customers:
            return []
        first = min(customers, key=lambda d: d.world)
        briefed = [a for a in self.state.actions_of("brief_contact_centre")]
        expected = self.t("The contact centre is briefed within four hours of the first "
                          "customer contact, so people get consistent answers.",
                          "Het klantcontactcentrum is binnen vier uur na het eerste "
                          "klantcontact geïnstrueerd, zodat mensen eenduidige antwoorden "
                          "krijgen.")
        if not briefed:
            return [self.finding("request_handling", expected, self.t(
                "The contact centre was never briefed.",
                "Het klantcontactcentrum is nooit geïnstrueerd."), Rating.M, (first.seq,))]
        delay = briefed[0].world - first.world
        rating = Rating.P if delay <= 4 * H else Rating.S
        return [self.finding("request_handling", expected, self.t(
            f"Briefed at {self.when(briefed[0].world)}; first customer contact at "
            f"{self.when(first.world)}.",
            f"Geïnstrueerd om {self.when(briefed[0].world)}; eerste klantcontact om "
            f"{self.when(first.world)}."), rating, (first.seq, briefed[0].seq))]

    def documentation(self) -> list[Finding]:
        aware = self.state.aware_since
        if aware is None:
            return []
        register = self.state.actions_of("register_breach")
        expected = self.t("Every breach is recorded internally (Art. 33(5)), with the reasons "
                          "for notifying or not.",
                          "Elk datalek wordt intern vastgelegd (art. 33(5)), met de redenen om "
                          "wel of niet te melden.")
        if not register:
            return [self.finding("documentation", expected, self.t(
                "The breach was not registered.", "Het datalek is niet geregistreerd."),
                Rating.U)]
        record = register[0]
        rationale = any(r.fields.get("rationale") for r in register)
        in_time = record.world - aware <= self.law.notify_window
        rating = Rating.P if rationale and in_time else Rating.S if rationale or in_time else (
            Rating.M)
        observed = self.t(
            f"Registered at {self.when(record.world)}"
            + ("" if rationale else ", without the reasoning behind the notification decision")
            + ".",
            f"Geregistreerd om {self.when(record.world)}"
            + ("" if rationale else ", zonder de onderbouwing van het meldbesluit") + ".")
        return [self.finding("documentation", expected, observed, rating, (record.seq,))]

    def coordination(self) -> list[Finding]:
        role = self.scenario.breach.controller_role
        aware = self.state.aware_since
        if role is None or role.value != "processor" or aware is None:
            return []
        informed = self.state.actions_of("inform_controller")
        expected = self.t("As processor, tell the controller without undue delay "
                          "(Art. 33(2)) — within the day.",
                          "Als verwerker de verwerkingsverantwoordelijke zonder onnodige "
                          "vertraging inlichten (art. 33(2)) — binnen een dag.")
        if not informed:
            return [self.finding("coordination", expected, self.t(
                "The controller was not informed.", "De verantwoordelijke is niet ingelicht."),
                Rating.U)]
        delay = informed[0].world - aware
        return [self.finding("coordination", expected, self.t(
            f"Informed {delay / H:.0f} hours after becoming aware.",
            f"Ingelicht {delay / H:.0f} uur na het vaststellen."),
            Rating.P if delay <= 24 * H else Rating.M, (informed[0].seq,))]

    def expectations(self) -> list[Finding]:
        found = []
        for deadline in deadlines(self.scenario, self.state, self.end):
            if deadline.kind != "expect" or deadline.status is Status.open:
                continue
            inject = self.scenario.by_id[deadline.inject]
            expectation = next((e for i, e in enumerate(inject.expect)
                                if (e.id or f"{inject.id}.{i}") == deadline.id), None)
            what = deadline.action.replace("_", " ")
            limit = self.when(deadline.due - deadline.start).replace("T+", "")
            expected = (expectation.note if expectation and expectation.note else self.t(
                f"{what} within {limit} of '{inject.title}'.",
                f"{what} binnen {limit} na '{inject.title}'."))
            if deadline.status is Status.met:
                rating, observed = Rating.P, self.t(f"Done at {self.when(deadline.done_at)}.",
                                                    f"Gedaan om {self.when(deadline.done_at)}.")
            elif deadline.done_at is not None:
                rating, observed = Rating.M, self.t(
                    f"Done late, at {self.when(deadline.done_at)}.",
                    f"Te laat gedaan, om {self.when(deadline.done_at)}.")
            else:
                rating, observed = Rating.U, self.t("Not done.", "Niet gedaan.")
            delivered = self.state.delivered.get(deadline.inject)
            found.append(Finding(
                deadline.id, criterion_title("expectation", self.language, what=what),
                expected, observed, rating,
                tuple(x for x in (delivered.seq if delivered else None,) if x),
                criterion_source("expectation")))
        return found


_ELEMENT_WORDS = {
    "en": {"nature": "what happened", "contact": "a contact point",
           "consequences": "the likely consequences", "measures": "the measures and advice"},
    "nl": {"nature": "wat er gebeurde", "contact": "een contactpunt",
           "consequences": "de waarschijnlijke gevolgen", "measures": "maatregelen en advies"},
}

CRITERIA: tuple[Callable[[_Judge], list[Finding]], ...] = (
    _Judge.awareness, _Judge.regulatory_timeliness, _Judge.notify_judgement,
    _Judge.notification_completeness, _Judge.subject_communication,
    _Judge.crisis_communication, _Judge.request_handling, _Judge.documentation,
    _Judge.coordination, _Judge.expectations,
)


def _role(scenario: Scenario, sender: str | None) -> str | None:
    if sender is None:
        return None
    persona = scenario.personas.get(sender)
    return persona.role.value if persona else sender


def _is_press(scenario: Scenario, delivery) -> bool:
    return delivery.channel in ("news", "social") or _role(scenario, delivery.sender) == (
        "journalist")


def _known_facts(scenario: Scenario, state: State, world: int) -> dict[str, Any]:
    """The breach facts as the team could know them at ``world``.

    A fact that some inject reveals is known from that inject on (an earlier reveal gives
    its earlier value); a fact no inject reveals is known from the start.
    """
    revealed: dict[str, list[tuple[int, Any]]] = {}
    for inject in scenario.injects:
        for key, value in (inject.reveals.known() if inject.reveals else {}).items():
            delivery = state.delivered.get(inject.id)
            revealed.setdefault(key, []).append(
                (delivery.world if delivery else 10**12, value))
    known = {k: v for k, v in scenario.breach.known().items() if k not in revealed}
    for key, moments in revealed.items():
        before = [value for moment, value in sorted(moments, key=lambda m: m[0])
                  if moment <= world]
        if before:
            known[key] = before[-1]
    return known


def _material_changes(scenario: Scenario, state: State, since: int) -> list[tuple[int, str]]:
    """(moment, fact) for revealed facts that changed after ``since``: worth a follow-up."""
    changes = []
    for inject in scenario.injects:
        delivery = state.delivered.get(inject.id)
        if delivery is None or delivery.world <= since or inject.reveals is None:
            continue
        for key in inject.reveals.known():
            if key in ("exfiltration", "data_categories", "data_subjects", "records",
                       "special_categories", "encrypted", "key_compromised"):
                changes.append((delivery.world, key))
    return changes


def score(scenario: Scenario, events: list[Event]) -> Score:
    """Rate a session from its log."""
    state = fold(events)
    judge = _Judge(scenario, state, events)
    findings = tuple(f for criterion in CRITERIA for f in criterion(judge))
    objectives = tuple(_objectives(scenario, findings, judge.language))
    rated = [o for o in objectives if o.points is not None]
    if rated:
        total_weight = sum(o.weight for o in rated)
        points = sum(o.weight * o.points for o in rated) / total_weight
    elif findings:
        points = sum(f.points for f in findings) / len(findings)
    else:
        points = None
    percent = None if points is None else round(100 * points / MAX_POINTS, 1)
    rating = None if points is None else Rating.from_points(points)
    return Score(findings, objectives, percent, rating, _fines(scenario, state),
                 judge.assessment)


def _objectives(scenario: Scenario, findings: tuple[Finding, ...],
                language: str) -> list[ObjectiveScore]:
    result = []
    for objective in scenario.objectives:
        wanted = {str(c) for c in objective.criteria}
        mine = tuple(f for f in findings if f.criterion in wanted)
        points = round(sum(f.points for f in mine) / len(mine), 2) if mine else None
        result.append(ObjectiveScore(objective.id, objective.title, objective.weight,
                                     Rating.from_points(points) if mine else None, points, mine))
    return result


def _fines(scenario: Scenario, state: State) -> FineExposure:
    """The highest fine Art. 83(4) allows for failing Art. 33/34, as context for the board."""
    from ..engine.cast import cast_for

    law = jurisdiction(scenario.jurisdiction.value)
    turnover = cast_for(scenario, state.seed).organisation["turnover_eur"]
    tier = law.fines.art_83_4
    return FineExposure("Art. 83(4)(a)", tier.maximum(turnover), law.currency, turnover,
                        f"{tier.fixed:,} or {tier.percent:g}% of annual worldwide turnover, "
                        "whichever is higher")
