"""The command line. Diagnostics go to stderr, data to stdout; exit 0 ok, 1 invalid, 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


def _load_or_exit(name: str):
    """A scenario by path or bundled id, or diagnostics on stderr and exit code 1."""
    from .scenario import load
    from .scenario.bundled import bundled_scenarios, find_bundled
    from .scenario.diagnostics import hint_for
    from .scenario.validation import Report

    path = Path(name)
    if not path.exists():
        found = find_bundled(name)
        if found is None:
            ids = [p.name.removesuffix(".scenario.yaml") for p in bundled_scenarios()]
            hint = hint_for(name, ids) or f"bundled: {', '.join(ids)}"
            click.echo(f"error: no scenario file or bundled scenario {name!r} ({hint})",
                       err=True)
            sys.exit(1)
        path = found
    result = load(path)
    if not result.ok:
        click.echo(Report([result]).text(), err=True)
        sys.exit(1)
    return result.scenario


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h",
                                                                                   "--help"]})
@click.version_option(__version__, prog_name="breachsim")
@click.pass_context
def main(ctx: click.Context) -> None:
    """breachsim — rehearse a personal-data breach against the clock."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check scenario and inject-library files (or folders of them)."""
    from .scenario.validation import collect
    from .scenario.validation import validate as run

    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            click.echo(f"{path}: error: no such file or folder", err=True)
        sys.exit(1)
    if not collect(list(paths)):
        click.echo("error: no *.scenario.yaml or *.injects.yaml files found in "
                   + ", ".join(map(str, paths)), err=True)
        sys.exit(1)
    report = run(list(paths))
    if fmt == "json":
        click.echo(report.json(strict))
        # JSON is data: stdout; the summary still goes to stderr
        click.echo(report.text(strict).rsplit("\n", 1)[-1], err=True)
    else:
        click.echo(report.text(strict), err=True)
    sys.exit(1 if report.errors(strict) else 0)


@main.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json"]),
              default="mermaid", show_default=True)
def graph(scenario: str, fmt: str) -> None:
    """Print a scenario's inject graph."""
    from .scenario import graph as g

    loaded = _load_or_exit(scenario)
    click.echo({"mermaid": g.to_mermaid, "dot": g.to_dot, "json": g.to_json}[fmt](loaded),
               nl=False)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--library", is_flag=True, help="The schema of inject libraries instead.")
def schema(out: Path | None, library: bool) -> None:
    """Print the JSON Schema of the scenario format."""
    from .scenario.schema import library_schema, scenario_schema
    from .util import write_atomic

    text = library_schema() if library else scenario_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text)
        click.echo(f"wrote {out}", err=True)


@main.command()
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
def new(lang: str, out: Path | None) -> None:
    """Write a commented scenario skeleton that validates clean."""
    from .scenario.skeleton import skeleton
    from .util import write_atomic

    text = skeleton(lang)
    if out is None:
        click.echo(text, nl=False)
        return
    if out.exists():
        click.echo(f"error: {out} exists; choose another name or remove it first", err=True)
        sys.exit(1)
    write_atomic(out, text)
    click.echo(f"wrote {out}; check it with: breachsim validate {out}", err=True)


@main.command(name="list")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_(folders: tuple[Path, ...], fmt: str) -> None:
    """List bundled scenarios, and those in FOLDERS (default: the current folder)."""
    from .scenario.catalogue import catalogue, render_json, render_text

    entries = catalogue(list(folders) or [Path.cwd()])
    click.echo(render_json(entries) if fmt == "json" else render_text(entries))
