"""The command line. Diagnostics go to stderr, data to stdout; exit 0 ok, 1 invalid, 2 usage."""

from __future__ import annotations

import atexit
import gc
import math
import sys
from pathlib import Path

import click

from . import __version__


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Every line the command line prints goes through here: text from scenarios, sessions
    and files is shown with its control characters escaped (``util.printable``), never obeyed
    by the terminal. JSON stays JSON."""
    from .util import printable

    click.echo(printable(text), err=err, nl=nl)


def _load_or_exit(name: str, warn: bool = False):
    """A scenario by path or bundled id, or diagnostics on stderr and exit code 1; with
    ``warn``, its warnings on stderr, too."""
    from .scenario import load
    from .scenario.bundled import bundled_scenarios, find_bundled
    from .scenario.diagnostics import hint_for

    path = Path(name)
    if not path.exists():
        found = find_bundled(name)
        if found is None:
            ids = [p.name.removesuffix(".scenario.yaml") for p in bundled_scenarios()]
            hint = hint_for(name, ids) or f"bundled: {', '.join(ids)}"
            _echo(f"error: no scenario file or bundled scenario {name!r} ({hint})",
                       err=True)
            sys.exit(1)
        path = found
    result = load(path)
    if not result.ok or (warn and result.diagnostics):
        from .application.validation import Report

        _echo(Report([result]).text(), err=True)
    if not result.ok:
        sys.exit(1)
    return result.scenario


def _with_score(data: dict, scenario, events) -> dict:
    from .rules.scoring import score

    return {**data, "score": score(scenario, events).as_dict()}


def _play_text(data: dict, language: str) -> str:
    from .application.play import render_text
    from .rules.report_text import score_text

    return render_text(data) + "\n\n" + score_text(data["score"], language=language)


def _freeze_on_exit() -> None:
    """On leaving, move whatever is still alive into the collector's permanent generation.
    What a command makes (modules, models, the scenario, the session) lives until the process
    ends, and the collections the interpreter makes while it shuts down would walk all of it
    once more for nothing. Exit handlers, flushing and closing run as before."""
    global _FREEZING
    if not _FREEZING:
        atexit.register(gc.freeze)
        _FREEZING = True


_FREEZING = False


class _Breachsim(click.Group):
    """``breachsim [SCENARIO] [run options]`` is ``breachsim run``: without a command, the
    arguments are the app's (the demo scenario when none is named)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in (
                "-h", "--help", "--version") and not _mistyped_command(args[0], self.commands):
            from .scenario.bundled import DEMO_SCENARIO

            if not args[0].startswith("-"):
                _a_scenario_or_usage(args[0], self.commands)
            args = ["run", *args] if not args[0].startswith("-") else [
                "run", DEMO_SCENARIO, *args]
        return super().parse_args(ctx, args)


def _a_scenario_or_usage(word: str, commands) -> None:
    """The first word of the bare form must name a scenario: a file, a path or a bundled id;
    anything else is wrong usage (exit 2), with what it may have meant."""
    from .scenario.bundled import bundled_scenarios, find_bundled
    from .scenario.diagnostics import hint_for

    if Path(word).exists() or "/" in word or word.endswith(".yaml") or find_bundled(word):
        return
    ids = [p.name.removesuffix(".scenario.yaml") for p in bundled_scenarios()]
    hint = hint_for(word, [*commands, *ids]) or (
        f"commands: {', '.join(sorted(commands))}; bundled scenarios: {', '.join(ids)}")
    raise click.UsageError(f"no command, scenario file or bundled scenario {word!r} ({hint})")


def _mistyped_command(word: str, commands) -> bool:
    """A word that is no file and reads like a command (``sesions``): click says which."""
    import difflib

    return not Path(word).exists() and bool(difflib.get_close_matches(word, list(commands),
                                                                      cutoff=0.75))


@click.group(cls=_Breachsim, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="breachsim")
@click.pass_context
def main(ctx: click.Context) -> None:
    """breachsim — rehearse a personal-data breach against the clock.

    Without a command it opens the app on the bundled demo scenario; `breachsim SCENARIO
    [--team NAME] [--lang nl] …` is `breachsim run` on that scenario."""
    _freeze_on_exit()
    if ctx.invoked_subcommand is None:
        from .scenario.bundled import DEMO_SCENARIO

        ctx.invoke(run, scenario=DEMO_SCENARIO)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check scenario and inject-library files (or folders of them)."""
    if any(not p.strip() for p in paths):
        raise click.BadParameter("an empty path names nothing; give a file or a folder",
                                 param_hint="PATHS")
    from .application.validation import collect
    from .application.validation import validate as run

    paths = tuple(Path(p) for p in paths)
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            _echo(f"{path}: error: no such file or folder", err=True)
        sys.exit(1)
    if not collect(list(paths)):
        _echo("error: no *.scenario.yaml or *.injects.yaml files found in "
                   + ", ".join(map(str, paths)), err=True)
        sys.exit(1)
    report = run(list(paths))
    if fmt == "json":
        _echo(report.json(strict))
        # JSON is data: stdout; the summary still goes to stderr
        _echo(report.summary(strict), err=True)
    else:
        _echo(report.text(strict), err=True)
    sys.exit(1 if report.errors(strict) else 0)


@main.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json"]),
              default="mermaid", show_default=True)
def graph(scenario: str, fmt: str) -> None:
    """Print a scenario's inject graph."""
    from .scenario import graph as g

    loaded = _load_or_exit(scenario, warn=True)
    _echo({"mermaid": g.to_mermaid, "dot": g.to_dot, "json": g.to_json}[fmt](loaded),
               nl=False)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--library", is_flag=True, help="The schema of inject libraries instead.")
@click.option("--report", "of_report", is_flag=True,
              help="The schema of the JSON after-action report instead.")
def schema(out: Path | None, library: bool, of_report: bool) -> None:
    """Print the JSON Schema of the scenario format."""
    from .scenario.schema import json_schema, library_schema, scenario_schema

    if of_report:
        from .report import Report

        text = json_schema(Report)
    else:
        text = library_schema() if library else scenario_schema()
    if out is None:
        _echo(text, nl=False)
    else:
        _write_or_exit(out, text)
        _echo(f"wrote {out}", err=True)


@main.command()
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
def new(lang: str, out: Path | None) -> None:
    """Write a commented scenario skeleton that validates clean."""
    from .scenario.skeleton import skeleton

    text = skeleton(lang)
    if out is None:
        _echo(text, nl=False)
        return
    if out.exists():
        _echo(f"error: {out} exists; choose another name or remove it first", err=True)
        sys.exit(1)
    _write_or_exit(out, text)
    _echo(f"wrote {out}; check it with: breachsim validate {out}", err=True)


@main.command(name="list")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_(folders: tuple[Path, ...], fmt: str) -> None:
    """List bundled scenarios, and local ones: in FOLDERS (searched recursively), or else in the
    current folder and its scenarios/ folder."""
    from .scenario.catalogue import catalogue, render_json, render_text

    entries = catalogue(list(folders))
    _echo(render_json(entries) if fmt == "json" else render_text(entries))


def _write_or_exit(path: Path, text: str) -> None:
    from .util import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        _echo(f"error: cannot write {path}: {exc.strerror or exc}", err=True)
        sys.exit(1)


def _store_option(func):
    return click.option("--store", "store_path", metavar="PATH|URL",
                        help="The session store: a file, or a postgresql:// URL for a team "
                             "across machines (default: BREACHSIM_STORE, then the user data "
                             "folder).")(func)


def _open_store(path: str | None, *, read_only: bool = False, existing: bool = False):
    """The session store, opened only for reading by commands that only read, and only if
    it is there by commands on a session that must be in it; its errors reach the user
    through ``_store_errors``."""
    from .store import open_store

    return open_store(path, read_only=read_only, existing=existing)


def _store_errors(func):
    """Store problems end the command with their one-line message and exit code 1."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .store import StoreError

        try:
            return func(*args, **kwargs)
        except StoreError as exc:
            _echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def _settings_or_exit():
    """The user's settings, or their diagnostics and exit code 1 (the app does not open)."""
    from .application.config import load_settings
    from .tui.keys import all_bindings

    loaded = load_settings(binding_ids=all_bindings)
    if not loaded.ok:
        for problem in loaded.problems:
            _echo(problem, err=True)
        sys.exit(1)
    return loaded


def _needs_terminal() -> None:
    """Refuse to open the app without a terminal, unless it draws to a browser's page (the
    driver `breachsim serve` starts it with)."""
    import os

    if "TEXTUAL_DRIVER" in os.environ:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _echo("error: the app needs a terminal; for a session without one, use "
                   "`breachsim play SCENARIO`", err=True)
        sys.exit(2)


_LANG = click.option("--lang", type=click.Choice(["en", "nl"]),
                     help="Interface language (default: the config, then the scenario's).")


def _a_name(ctx, param, value: str | None) -> str | None:
    """Refuse a name with characters a terminal would obey (escape sequences, carriage
    returns, bidirectional marks), tabs or line breaks: it is shown wherever the session is."""
    from .util import plain_line

    if value is not None and not plain_line(value):
        raise click.BadParameter("a name is one line of printable characters: no escape "
                                 "sequences, control characters, tabs or bidirectional marks")
    return value


def _a_number(ctx, param, value: float | None) -> float | None:
    """Refuse ``nan``, which a FloatRange lets through (it compares false with both bounds)."""
    if value is not None and math.isnan(value):
        raise click.BadParameter("expected a number, not nan")
    return value


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=click.IntRange(0, 2**63 - 1),
              help="The session seed (default: random).")
@click.option("--speed", type=click.FloatRange(0, 10_000, min_open=True), callback=_a_number,
              help="In-world seconds per wall second (default: the scenario's).")
@click.option("--team", default=None, callback=_a_name, help="The team's name.")
@_LANG
@_store_option
@_store_errors
def run(scenario: str | None, seed: int | None, speed: float | None, team: str | None,
        lang: str | None, store_path: str | None) -> None:
    """Run an exercise in the app; without SCENARIO, pick one first."""
    import secrets

    from .tui.launch import launch

    loaded_scenario = _load_or_exit(scenario) if scenario else None  # never open a broken one
    settings = _settings_or_exit()
    _needs_terminal()
    with _open_store(store_path) as store:
        said, code = launch(store, settings, scenario=loaded_scenario, language=lang,
                            seed=seed if seed is not None else secrets.randbelow(1_000_000),
                            team=team, speed=speed)
    if said:
        _echo(said, err=True)
    sys.exit(code)


@main.command()
@click.argument("scenario")
@click.option("--plan", "plan_path", type=click.Path(path_type=Path),
              help="A *.plan.yaml of team moves and expectations.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1),
              help="The session seed (default: the plan's, else random).")
@click.option("--team", default=None, callback=_a_name, help="The team's name.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@_store_option
@_store_errors
def play(scenario: str, plan_path: Path | None, seed: int | None, team: str | None, fmt: str,
         store_path: str | None) -> None:
    """Play a session at full speed, headless: scripted by a plan, or taking every default."""
    import secrets

    from .application.session import Session

    loaded = _load_or_exit(scenario)
    plan = _plan_or_exit(plan_path, loaded)
    seed, team = _seed_and_team(plan, seed, team, secrets.randbelow(1_000_000))
    with _open_store(store_path) as store:
        _play_to_the_end(store, Session.begin(store, loaded, seed=seed, team=team), plan,
                         plan_path, fmt)


def _plan_or_exit(plan_path: Path | None, scenario):
    """The plan checked against the scenario, None without one, or diagnostics and exit 1."""
    from .application.plan import load_plan
    from .application.validation import Report

    if plan_path is None:
        return None
    plan, checked = load_plan(plan_path, scenario)
    if plan is None:
        _echo(Report([checked]).text(), err=True)
        sys.exit(1)
    return plan


def _play_to_the_end(store, session, plan, plan_path: Path | None, fmt: str):
    """Play a live session headless to its end, print what happened and the score, and exit
    1 when the plan's expectations failed (each named on stderr)."""
    from .application import play as playing

    scenario = session.director.scenario
    result = playing.play_session(session, plan)
    data = _with_score(playing.summary(result), scenario, store.events(session.id))
    _echo(playing.render_json(data) if fmt == "json"
               else _play_text(data, scenario.language.value))
    _exit_with_failures(result.failures, plan_path)


def _seed_and_team(plan, seed: int | None, team: str | None,
                   default_seed: int) -> tuple[int, str]:
    """What the command line says, else what the plan says, else the defaults."""
    if seed is None:
        seed = plan.seed if plan and plan.seed is not None else default_seed
    return seed, team or (plan.team if plan and plan.team else "Team")


def _exit_with_failures(failures, plan_path: Path | None):
    """Name each of the plan's failed expectations on stderr; exit 1 if there were any."""
    for failure in failures:
        _echo(f"{plan_path}: {failure.message}", err=True)
    sys.exit(1 if failures else 0)


@main.command()
@click.argument("scenario")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1),
              help="The session seed (default: the plan's, else 1).")
@click.option("--hours", type=click.FloatRange(0, 24 * 365, min_open=True), callback=_a_number,
              help="In-world hours to compute (default: the scenario's duration).")
@click.option("--plan", "plan_path", type=click.Path(path_type=Path),
              help="The storm of this plan's session, played as `play` plays it (default: a "
                   "team that does nothing).")
@click.option("--locale", help="The authors' Faker locale (default: the scenario's).")
@click.option("--volume", type=click.FloatRange(0, 1000, min_open=True), default=1.0,
              callback=_a_number, show_default=True, help="Multiplies every rate.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl",
              show_default=True)
def storm(scenario: str, seed: int | None, hours: float | None, plan_path: Path | None,
          locale: str | None, volume: float, fmt: str) -> None:
    """Compute a scenario's media and social storm headless, one post per line in time
    order."""
    from functools import partial

    from .application.play import play as play_headless
    from .rules.deadlines import deadlines, missed_notifications
    from .storm import Storm, locales
    from .storm.output import feed_line, jsonl
    from .util import utc_now

    if locale is not None and locale not in locales():
        raise click.BadParameter(f"expected one of: {', '.join(locales())}",
                                 param_hint="--locale")
    loaded = _load_or_exit(scenario)
    plan = _plan_or_exit(plan_path, loaded)
    seed, team = _seed_and_team(plan, seed, None, 1)
    log: list = []
    result = play_headless(loaded, plan, session="storm", seed=seed, team=team, wall=utc_now,
                          sink=log.extend)
    until = int(hours * 3600 if hours is not None else loaded.clock.duration.total_seconds())
    # the deadlines the team let pass, judged as `play` judged them; the storm makes them public
    missed = missed_notifications(deadlines(loaded, result.director.state, until))
    computed = Storm(loaded, seed, volume=volume, locale=locale)
    write = jsonl if fmt == "jsonl" else partial(feed_line, start=loaded.clock.start)
    # streamed ten minutes at a time: an hour at the peak of a loud storm is a million posts
    for end in [*range(600, until, 600), until]:
        posts = computed.advance(log, end, missed)
        if posts:
            _echo("\n".join(map(write, posts)))
    _exit_with_failures(result.failures, plan_path)


@main.command()
@click.argument("scenario")
@click.option("--max-paths", type=click.IntRange(1, 100_000), default=500, show_default=True,
              help="Stop after this many paths for each kind of team.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def explore(scenario: str, max_paths: int, seed: int, fmt: str) -> None:
    """Walk every combination of decision options and report what each path reaches."""
    import json

    from .application import explore as exploring
    from .util import utc_now

    loaded = _load_or_exit(scenario)
    from .rules.scoring import score

    result = exploring.explore(loaded, seed=seed, max_paths=max_paths, wall=utc_now)
    scores = [score(loaded, path.events).percent for path in result.paths]
    data = exploring.summary(result, loaded, scores)
    _echo(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json"
               else exploring.render_text(data))
    if data["never_delivered"] and not data["truncated"]:
        _echo(f"error: {len(data['never_delivered'])} inject(s) are delivered on no path: "
                   + ", ".join(data["never_delivered"]), err=True)
        sys.exit(1)
    if data["truncated"]:
        _echo(f"note: stopped at --max-paths {max_paths} per kind of team; raise it to "
                   "walk every path", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@_store_option
@_store_errors
def sessions(fmt: str, store_path: str | None) -> None:
    """List the recorded sessions, newest first."""
    import json

    from .application.standing import standing
    from .scenario.durations import format_offset
    from .util import printable

    with _open_store(store_path, read_only=True) as store:
        headers = store.sessions()
        stands = [standing(store, h) for h in headers]
    if fmt == "json":
        _echo(json.dumps([{"id": h.id, "scenario": h.scenario_id, "team": h.team,
                           "started": h.created, "status": status, "console_open": open_,
                           "reached": format_offset(h.world)}
                          for h, (status, open_) in zip(headers, stands, strict=True)],
                         indent=2, ensure_ascii=False))
        return
    if not headers:
        _echo(f"no sessions yet in {store.location}")
        return
    words = [_standing_word(status, open_) for status, open_ in stands]
    rows = [("session", "scenario", "team", "started (UTC)", "status", "reached")] + [
        tuple(map(printable, (h.id, h.scenario_id, h.team or "",
                              h.created[:16].replace("T", " "), word, format_offset(h.world))))
        for h, word in zip(headers, words, strict=True)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        _echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    notes = [_STANDING_NOTES[w] for w in dict.fromkeys(words) if w in _STANDING_NOTES]
    for line in ([""] if notes else []) + notes:
        _echo(line)


def _standing_word(status: str, open_: bool) -> str:
    """``sessions``' word for where a session stands (``application.standing``)."""
    word = {"gone": "console gone"}.get(status, status)
    return f"{word} (open)" if open_ and status == "paused" else word


#: What ``sessions`` adds under its table for the standings that need explaining.
_STANDING_NOTES = {
    "paused (open)": "paused (open): paused in a facilitator's console that is open now; "
                     "`breachsim join` takes part beside it",
    "paused": "paused: no console has it open; `breachsim resume` continues it",
    "console gone": "console gone: its clock was running when its facilitator's console "
                    "stopped answering (killed, crashed or cut off); `breachsim resume` "
                    "continues it from where the log stops",
}


@main.command()
@click.argument("session")
@click.option("--out", type=click.Path(path_type=Path),
              help="The file to write (default: SESSION.jsonl in the current folder).")
@_store_option
@_store_errors
def export(session: str, out: Path | None, store_path: str | None) -> None:
    """Write a session to one JSONL file: the header, then every event."""
    from .store import export_session

    with _open_store(store_path, read_only=True) as store:
        session_id = store.resolve(session)
        target = out or Path(f"{session_id}.jsonl")
        export_session(store, session_id, target)
    _echo(f"wrote {target}", err=True)


def _owners(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    """``ROLE=NAME`` pairs, each role one the improvement plan assigns."""
    from .report.evaluation import ROLES

    owners = {}
    for value in values:
        role, sep, name = value.partition("=")
        role, name = role.strip(), name.strip()
        if not sep or not name:
            raise click.BadParameter(f"expected ROLE=NAME, e.g. dpo='Jan de Vries', not {value!r}")
        if role not in ROLES:
            raise click.BadParameter(f"{role!r} is no role; one of: {', '.join(ROLES)}")
        owners[role] = name
    return owners


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SESSION|FILE.jsonl...")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf", "json"]),
              default="html", show_default=True)
@click.option("--out", type=click.Path(path_type=Path),
              help="The file (or folder) to write (default: reports/SESSION.EXT here).")
@click.option("--lang", type=click.Choice(["en", "nl"]),
              help="The report's language (default: the session's).")
@click.option("--owner", "owners", multiple=True, callback=_owners, metavar="ROLE=NAME",
              help="Who owns a role's corrective actions (comms, dpo, legal, it, board); "
                   "repeatable.")
@click.option("--overrides", type=click.Path(path_type=Path),
              help="A YAML file of plan changes: owners, and per item responsible, due, "
                   "action.")
@click.option("--compare", is_flag=True,
              help="Compare several rehearsals of one scenario side by side.")
@_store_option
@_store_errors
def report(sources: tuple[str, ...], fmt: str, out: Path | None, lang: str | None,
           owners: dict[str, str], overrides: Path | None, compare: bool,
           store_path: str | None) -> None:
    """Write the after-action report and improvement plan of a session (or an export)."""
    from .application import reporting

    if len(sources) > 1 and not compare:
        raise click.UsageError("one session at a time; --compare takes several")
    try:
        plan = reporting.load_overrides(overrides, owners)
        played = _played_sources(sources, store_path)
        if compare:
            written = reporting.write_comparison(played, fmt, out, language=lang)
        else:
            made, unknown = reporting.make(played[0], language=lang, overrides=plan)
            for problem in unknown:
                click.echo(f"{overrides}: warning: {problem}", err=True)
            written = reporting.write(made, fmt, out, played[0].session)
    except reporting.ReportError as exc:
        click.echo(exc.said, err=True)
        sys.exit(1)
    click.echo(f"wrote {written}", err=True)


def _played_sources(sources: tuple[str, ...], store_path: str | None) -> list:
    """Each source as a played session: an export file, else a session in the store."""
    from .application import reporting

    found = [reporting.from_export(Path(s)) if reporting.is_export(s) else None
             for s in sources]
    if any(p is None for p in found):
        with _open_store(store_path) as store:
            found = [p or reporting.from_store(store, s) for p, s in zip(found, sources,
                                                                          strict=True)]
    return found


@main.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@_store_option
@_store_errors
def import_(file: Path, store_path: str | None) -> None:
    """Read a session exported with `breachsim export` into the store."""
    from .application.session import ExportRefused, read_replayable
    from .store import import_session

    if not file.exists():
        _echo(f"{file}: error: no such file", err=True)
        sys.exit(1)
    try:
        read = read_replayable(file)
    except ExportRefused as refused:
        _refuse_import(refused.where, refused.what)
    with _open_store(store_path) as store:
        header = import_session(store, file, read)
    _echo(f"imported session {header.id} ({header.scenario_id})", err=True)


def _refuse_import(where: str, what: str) -> None:
    _echo(f"{where}: error: {what}; nothing was imported", err=True)
    sys.exit(1)


@main.command()
@click.argument("session", required=False)
@click.option("--headless", is_flag=True,
              help="Play on to the end without the app, taking every default.")
@click.option("--plan", "plan_path", type=click.Path(path_type=Path),
              help="Play these moves headless from where the session stopped.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Headless: the output format.")
@_LANG
@_store_option
@_store_errors
def resume(session: str | None, headless: bool, plan_path: Path | None, fmt: str,
           lang: str | None, store_path: str | None) -> None:
    """Continue an unfinished session where it stopped (default: the latest unfinished one):
    in the app with its clock paused, or headless with --headless or --plan. An ended
    session opens on its summary."""
    from .application.session import Session
    from .store import RUNNING

    with _open_store(store_path, existing=True) as store:
        if session is None:
            unfinished = [h for h in store.sessions() if h.status == RUNNING]
            if not unfinished:
                _echo("error: no unfinished session to resume; `breachsim sessions` "
                           "lists them all", err=True)
                sys.exit(1)
            session = max(unfinished, key=lambda h: h.updated).id
        from .application.standing import kept_elsewhere

        if kept_elsewhere(store, store.resolve(session)):
            _echo(f"error: session {store.resolve(session)} is running in another console "
                  "right now; `breachsim join` takes part in it beside that one", err=True)
            sys.exit(1)
        if plan_path is None and not headless:
            from .tui.launch import launch

            header = store.header(store.resolve(session))  # an ended one opens on its summary
            settings = _settings_or_exit()
            _needs_terminal()
            said, code = launch(store, settings, session_id=header.id, language=lang,
                                session_language=header.language)
            if said:
                _echo(said, err=True)
            sys.exit(code)
        live = Session.reopen(store, session)
        if live.director.ended:
            _echo(f"error: session {live.id} has already ended; "
                       f"`breachsim export {live.id}` writes its log", err=True)
            sys.exit(1)
        _play_to_the_end(store, live, _plan_or_exit(plan_path, live.director.scenario),
                         plan_path, fmt)


# -- players: more than one keyboard on one session -----------------------------------------

_ROLE = click.option("--role", help="Who you are in the team: comms, dpo, legal, it, board, "
                                    "observer, or a role of the scenario by its title.")


def _join_or_exit(store, session: str | None, role: str | None):
    """A player's exercise on ``session`` (default: the latest running one) as ``role``."""
    from .application.exercise import Exercise
    from .application.moves import resolve_role
    from .store import RUNNING

    if session is None:
        running = [h for h in store.sessions() if h.status == RUNNING]
        if not running:
            _echo("error: no running session to join; `breachsim sessions` lists them, "
                  "`breachsim run` starts one", err=True)
            sys.exit(1)
        session = max(running, key=lambda h: h.updated).id
    exercise = Exercise.join(store, session)
    if role is not None:
        try:
            exercise.role = resolve_role(exercise.scenario, role)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--role") from None
    return exercise


def _unrefused_or_exit(intent):
    """What ``intent`` returns, or why it was refused on stderr and exit code 1."""
    from .engine.refused import Refused

    try:
        return intent()
    except Refused as refused:
        _echo(f"error: {refused.reason}", err=True)
        sys.exit(1)


def _recorded_or_exit(exercise, intent) -> None:
    """Record one move and say what it added to the log (not what other consoles recorded
    meanwhile), or why it was refused (exit 1)."""
    from .scenario.durations import format_offset

    _unrefused_or_exit(intent)
    for event in exercise.session.last_step:
        by = event.data.get("role")
        _echo(f"recorded #{event.seq} {event.kind} at {format_offset(event.world)}"
              + (f" by {by}" if by else ""))


@main.command()
@click.argument("session", required=False)
@_ROLE
@_LANG
@_store_option
@_store_errors
def join(session: str | None, role: str | None, lang: str | None,
         store_path: str | None) -> None:
    """Open the app as a player on a session another console runs (default: the latest
    running one): the team's console without the facilitator's controls, showing what every
    other console records. Without --role the app asks who you are."""
    from .tui.launch import launch

    settings = _settings_or_exit()
    _needs_terminal()
    with _open_store(store_path, existing=True) as store:
        exercise = _join_or_exit(store, session, role)
        said, code = launch(store, settings, exercise=exercise, language=lang,
                            session_language=exercise.language, ask_role=role is None)
    if said:
        _echo(said, err=True)
    sys.exit(code)


@main.command()
@click.argument("session", required=False)
@_ROLE
@_LANG
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 lets other machines join.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--players", type=click.IntRange(1, 200), default=20, show_default=True,
              help="The most browser pages with a console at once.")
@_store_option
@_store_errors
def serve(session: str | None, role: str | None, lang: str | None, host: str, port: int,
          players: int, store_path: str | None) -> None:
    """Serve the player's console to browsers: each page that opens the address it prints
    (with its random key) joins the session (default: the latest running one) as `breachsim
    join` would."""
    import os
    import shlex

    from .tui import i18n
    from .tui.launch import choose_language

    try:
        from .tui import serve as web
        web.check_textual_serve()
    except ImportError:
        _echo("error: serving to browsers needs the serve extra: "
              "pip install 'breachsim[serve]'", err=True)
        sys.exit(1)
    settings = _settings_or_exit()
    with _open_store(store_path, existing=True) as store:
        exercise = _join_or_exit(store, session, role)
    command = [sys.executable, "-m", "breachsim", "join", exercise.session.id]
    for flag, value in (("--role", exercise.role), ("--lang", lang)):
        if value is not None:
            command += [flag, value]
    if store_path is not None:  # to the pages' consoles by their environment: a URL's
        os.environ["BREACHSIM_STORE"] = store_path  # password stays out of process lists
    i18n.set_language(choose_language(lang, settings, exercise.language)[0])
    page = {"lang": i18n.language(), "title": f"breachsim: {exercise.scenario.title}",
            "opening": i18n.t("serve.opening"), "closed": i18n.t("serve.closed"),
            "again": i18n.t("serve.again"), "full": i18n.t("serve.full", players=players)}
    if web.is_loopback(host):
        _echo("only this machine can open it; --host 0.0.0.0 lets the team's other "
              "machines join", err=True)
    else:
        _echo(f"warning: anyone who has the address below can join session "
              f"{exercise.session.id} as a player from any machine that reaches this one; its "
              "key is the only password and the connection is not encrypted: give it to the "
              "team only, on a network you trust", err=True)
    try:
        web.serve(shlex.join(command), host=host, port=port, page=page, players=players,
                  announce=_echo)
    except web.ServeError as exc:
        _echo(f"error: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.argument("session")
@click.argument("action")
@click.option("--field", "pairs", multiple=True, metavar="NAME=VALUE",
              help="A field of the action's form; repeatable (a list takes commas: "
                   "categories=health,contact).")
@_ROLE
@_store_option
@_store_errors
def act(session: str, action: str, pairs: tuple[str, ...], role: str | None,
        store_path: str | None) -> None:
    """Record a team action on a running session, checked as the app checks it."""
    from .application.moves import form_fields

    with _open_store(store_path, existing=True) as store:
        exercise = _join_or_exit(store, session, role)
        _unrefused_or_exit(exercise.check_team_move)  # an observer's, before its fields
        fields = _unrefused_or_exit(lambda: form_fields(action, list(pairs)))
        regarding = fields.get("regarding")
        if regarding is not None and regarding not in exercise.state.delivered:
            # a journalist's request or a contact, which only the storm knows: compute it up
            # to now from the log, as the app's console does
            exercise.advance_storm()
        _recorded_or_exit(exercise, lambda: exercise.act(action, fields))


@main.command()
@click.argument("session")
@click.argument("decision")
@click.argument("option")
@click.option("--rationale", help="Why the team chose it (the report quotes it).")
@_ROLE
@_store_option
@_store_errors
def decide(session: str, decision: str, option: str, rationale: str | None, role: str | None,
           store_path: str | None) -> None:
    """Take an open decision on a running session; a decision already taken is refused with
    who took it and when."""
    with _open_store(store_path, existing=True) as store:
        exercise = _join_or_exit(store, session, role)
        _recorded_or_exit(exercise, lambda: exercise.decide(decision, option, rationale))


@main.command()
@click.argument("session")
@click.argument("text")
@click.option("--objective", help="The scenario objective an observation is evidence for.")
@_ROLE
@_store_option
@_store_errors
def note(session: str, text: str, objective: str | None, role: str | None,
         store_path: str | None) -> None:
    """Add a note to a session's log: the team's, or with --role observer an observation
    (against --objective) that the score and the report show as evidence."""
    from .scenario.vocab import OBSERVER

    with _open_store(store_path, existing=True) as store:
        exercise = _join_or_exit(store, session, role)
        by = "observer" if exercise.role == OBSERVER else "team"
        if objective is not None and by != "observer":
            raise click.BadParameter("only an observer's note names an objective; add "
                                     "--role observer", param_hint="--objective")
        _recorded_or_exit(exercise, lambda: exercise.note(text, by=by, objective=objective))


@main.command()
@click.argument("facts_file", type=click.Path(path_type=Path))
@click.option("--jurisdiction", metavar="CODE",
              help="NL, BE, IE, UK, FR or EU (default: the file's `jurisdiction`, else EU).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--lang", type=click.Choice(["en", "nl"]),
              help="The language of the answer (default: the file's `language`, else en).")
def assess(facts_file: Path, jurisdiction: str | None, fmt: str, lang: str | None) -> None:
    """Assess breach facts: the risk, whom to notify, by when, and why (GDPR Art. 33–34)."""
    from .application.validation import Report
    from .law.jurisdiction import codes
    from .rules.assessment import FactsFile, render_text
    from .rules.assessment import assess as run
    from .scenario.loader import read_as

    if jurisdiction is not None and jurisdiction.upper() not in codes():
        raise click.BadParameter(f"expected one of: {', '.join(codes())}",
                                 param_hint="--jurisdiction")
    result, _, spec = read_as(facts_file, FactsFile)
    if spec is None or result.error_count:
        _echo(Report([result]).text(), err=True)
        sys.exit(1)
    code = (jurisdiction or (spec.jurisdiction.value if spec.jurisdiction else "EU")).upper()
    language = lang or (spec.language.value if spec.language else "en")
    assessment = run(spec.facts(), code, language)
    _echo(assessment.to_json() if fmt == "json" else render_text(assessment, language))
