"""Forms: the team actions (the Art. 33(3) notification, the Art. 34 message, a statement …),
the facilitator's note and ad-hoc inject. Every form says what is missing when it is refused,
and closes only after the store has committed what it sent."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...engine.actions import FORMS, Refused
from ...law.messages import series
from ...rules.plain_language import ELEMENTS, check_message
from ...scenario.vocab import DataCategory
from ..format import Explained, clean, explain
from ..i18n import catalogue, language, t
from ..keys import Localised, bind
from ..widgets.checklist import CheckList
from .modal import Modal


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, area, int, choice, categories, regarding
    choices: tuple[str, ...] = ()
    required: bool = False
    label: str | None = None  # catalogue key; default field.<name>
    shown: tuple[str, ...] = ()  # the choices' own words (the scenario's), else the catalogue's


def action_fields(action: str) -> list[Field]:
    """The form of a team action, from the engine's own model of it (so they never drift)."""
    model = FORMS[action]
    fields = []
    for name, info in model.model_fields.items():
        if name == "follows":
            continue
        required = info.is_required()
        if name == "regarding":
            fields.append(Field(name, "regarding"))
        elif name == "categories":
            fields.append(Field(name, "categories", required=True))
        elif name in ("subjects_approx", "records_approx", "count"):
            fields.append(Field(name, "int"))
        elif _choices(info.annotation):
            fields.append(Field(name, "choice", _choices(info.annotation), required))
        elif name in ("party", "audience", "dpo_contact"):
            fields.append(Field(name, "text", required=required))
        else:
            fields.append(Field(name, "area", required=required))
    order = {"kind": -2, "channel": -1, "regarding": 99}
    return sorted(fields, key=lambda f: order.get(f.name, 0))


def _choices(annotation: Any) -> tuple[str, ...]:
    from typing import Literal, get_args, get_origin

    if get_origin(annotation) is Literal:
        return tuple(get_args(annotation))
    for arg in get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    return ()


_COUNT = re.compile(r"\d+|\d{1,3}(?:([ ,.\u00a0])\d{3})(?:\1\d{3})*")


def count(text: str) -> int | None:
    """A count as people type it: ``215000``, ``215,000``, ``215.000`` or ``215 000``; None
    for anything else (``380 GB``, ``-3``, ``about 200``)."""
    text = text.strip()
    if not _COUNT.fullmatch(text):
        return None
    return int(re.sub(r"\D", "", text))


class FormScreen(Localised, Modal[bool]):
    """A form of fields; ``submit`` records it or raises ``Refused``."""

    BINDINGS = [
        bind("form.submit", "ctrl+s", "submit"),
        bind("form.cancel", "escape", "cancel"),
    ]

    def __init__(self, title: str, fields: list[Field], submit: Callable[[dict], Any], *,
                 intro: str = "", values: dict[str, Any] | None = None,
                 regarding: list[tuple[str, str]] | None = None, language: str = "en",
                 facts: dict[str, Any] | None = None, form_id: str = "form"):
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.submit_fn = submit
        self.intro = intro
        self.values = values or {}
        self.regarding = regarding or []
        self.message_language = language
        self.facts = facts or {}
        self.form_id = form_id

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="dialog") as box:
            box.border_title = self.title_text
            with VerticalScroll(id="form-fields"):
                if self.intro:
                    yield Static(self.intro, classes="intro")
                if self.facts and any(f.name == "categories" for f in self.fields):
                    yield Button(t("form.use_facts"), id="use-facts", compact=True)
                for field in self.fields:
                    label = t(field.label or f"field.{field.name}") + (
                        " *" if field.required else "")
                    yield Label(label, id=f"label-{field.name}", classes="field-label")
                    yield self._widget(field)
                    if field.name == "message" and self.form_id == "notify_subjects":
                        yield Static(id="art34", classes="check")
            # outside the scrolling part: what is wrong and how to send stay in view
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("form.submit"), id="submit", variant="primary")
                yield Button(t("form.cancel"), id="cancel")

    def _widget(self, field: Field):
        name = f"field-{field.name}"
        value = self.values.get(field.name)
        if field.kind == "area":
            return TextArea(str(value or ""), id=name, soft_wrap=True, show_line_numbers=False,
                            classes="area")
        if field.kind == "int":
            # a text field, not an integer one: that would drop the letters of "380 GB" unseen
            # and keep 380; a count is checked when the form is sent
            return Input(str(value) if value is not None else "", id=name)
        if field.kind == "text":
            return Input(str(value or ""), id=name)
        if field.kind == "choice":
            options = ([(clean(w, 60), c) for w, c in zip(field.shown, field.choices,
                                                          strict=True)] if field.shown
                       else [(t(f"choice.{field.name}.{c}"), c) for c in field.choices])
            # nothing is chosen for the team: a stance or a channel is a decision to make
            return Select(options, id=name, prompt=t("form.select"),
                          value=value if value in field.choices else Select.NULL)
        if field.kind == "categories":
            return CheckList([(t(f"category.{c.value}"), c.value) for c in DataCategory],
                             set(value or ()), id=name)
        if field.kind == "regarding":
            return Select([(Content(clean(title, 70)), key) for key, title in self.regarding],
                          prompt=t("form.select"),
                          id=name,
                          value=value if any(k == value for k, _ in self.regarding)
                          else Select.NULL)
        raise ValueError(field.kind)

    def on_mount(self) -> None:
        self.query_one("#form").query("Input, TextArea, Select, CheckList").first().focus()
        if self.form_id == "notify_subjects":
            self._check_art34()

    def collect(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, TextArea):
                value: Any = widget.text
            elif isinstance(widget, CheckList):
                value = list(widget.selected)
            elif isinstance(widget, Select):
                value = None if widget.value is Select.NULL else widget.value
            else:
                value = widget.value
                if field.kind == "int" and value.strip():
                    number = count(value)
                    if number is None:
                        raise Explained(t("form.not_a_count",
                                          field=t(field.label or f"field.{field.name}")),
                                        [field.name])
                    value = number
            if value in (None, "", []):
                continue
            out[field.name] = value
        return out

    @on(TextArea.Changed, "#field-message")
    def _check_art34(self) -> None:
        if self.form_id != "notify_subjects":
            return
        text = self.query_one("#field-message", TextArea).text
        check = check_message(text, self.message_language)
        parts: list = [t("art34.title"), " "]
        for element in ELEMENTS:
            covered = element in check.covered
            mark = "✔" if covered else "✘"
            parts += [(f"{mark} {t('art34.' + element)}",
                       "$clock-ok" if covered else "$clock-overdue"), "  "]
        if text.strip():
            parts.append(t("art34.sentences", words=f"{check.average_sentence_words:g}"))
            if check.jargon:
                parts += ["  ", (t("art34.jargon", words=", ".join(check.jargon)),
                                 "$clock-warning")]
        self.query_one("#art34", Static).update(Content.assemble(*parts))

    @on(Button.Pressed, "#use-facts")
    def _use_facts(self) -> None:
        facts = self.facts
        if facts.get("data_categories"):
            chooser = self.query_one("#field-categories", CheckList)
            for category in facts["data_categories"]:
                chooser.select(category)
        for name, fact in (("subjects_approx", "data_subjects"), ("records_approx", "records")):
            if facts.get(fact) is not None:
                self.query_one(f"#field-{name}", Input).value = str(facts[fact])
        nature = self.query_one("#field-nature", TextArea)
        if not nature.text.strip() and facts.get("nature"):
            nature.text = t("form.nature_start", nature=series(
                [t(f"nature.{n}") for n in facts["nature"]], language()))
            nature.move_cursor(nature.document.end)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        try:
            self.submit_fn(self.collect())
        except Refused as refused:
            self._refused(refused)
            return
        self.dismiss(True)

    def _refused(self, refused: Refused) -> None:
        names = [m.split(".")[0] for m in refused.missing]
        labels = []
        for name in names:
            for node in self.query(f"#field-{name}, #label-{name}"):
                node.add_class("-invalid")
            key = f"field.{name}"
            labels.append(t(key) if key in catalogue() else name)
        if isinstance(refused, Explained) or refused.code:
            message = explain(refused)
        elif labels:
            message = t("form.missing", fields=", ".join(labels))
        else:
            message = refused.reason
        self.query_one("#form-error", Static).update(Content.styled("✘ " + message,
                                                                    "bold $error"))
        if names:
            first = self.query(f"#field-{names[0]}")
            if first:
                first.first().focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
