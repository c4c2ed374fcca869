"""App start-up: from spawning the process to its first frame on screen.

Target (issue 6): under 0.6 s from `breachsim run SCENARIO` to the first frame, against a
floor of about 0.4 s for a bare Textual app that imports the same libraries.

Each program runs under a pseudo-terminal of 120x40 (TERM=xterm-256color); the benchmark
reads the terminal's output, escape sequences removed, until a marker appears, takes the
elapsed wall time and kills the process; it also takes the CPU time (user + system) the process
had used by then, which other work on a shared machine disturbs less. Variants:

- `breachsim` with no arguments, as `make demo` starts it: the demo scenario's briefing;
- `breachsim run hospital-ransomware`: the briefing (the scenario's title) is the first frame;
- `breachsim resume SESSION`: straight into the console (the feed's "Injects:" title), for a
  paused session of the same scenario made in process beforehand, let go as the app does when
  it quits (before each round, as the round before killed the console it opened);
- a bare Textual app importing textual, pydantic, yaml, faker, networkx, click, jinja2 and
  platformdirs, showing one Static; and the same importing textual alone;
- a Textual app of the briefing's kinds of widgets (a scrolled column of text, a labelled input
  and select, a button, the footer) importing the same libraries: what Textual itself takes to
  show such a screen, without breachsim;
- cold: `python -m breachsim` from a copy of the package with no bytecode, written none
  (PYTHONDONTWRITEBYTECODE), so that every round compiles breachsim's modules as the first
  start after an install does; the libraries load from the bytecode their install wrote;
- with ``--baseline DIR``, `python -m breachsim run hospital-ransomware` of this checkout and of
  the checkout in DIR, for a before and after.

The store, the config and the bytecode cache are in a temporary folder: the config file does
not exist, so no user settings are read; the children write bytecode there
(PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE unset), so the project's own modules load from
bytecode as they would once installed, like the libraries'. One untimed warm-up round (which
fills that cache), then ``--runs`` rounds (default 7), the variants interleaved in each round
so that the machine's noise hits them alike; the ratios are of medians measured in this run.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import resource
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from breachsim.application.exercise import Exercise
from breachsim.scenario import load
from breachsim.scenario.bundled import find_bundled
from breachsim.store import open_store

SCENARIO = "hospital-ransomware"
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20.0
COLUMNS, LINES = 120, 40
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")

BARE_APP = """
{imports}
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("Bare app ready")


Bare().run()
"""
#: The briefing's kinds of widgets, without breachsim: a scrolled column of text, a labelled
#: input and select, a button and Textual's footer with two keys.
BRIEFING_LIKE_APP = """
{imports}
from textual.app import App
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

TEXT = "A paragraph of the briefing, long enough to wrap on the screen's width. " * 4


class Briefing(App):
    BINDINGS = [("ctrl+s", "start", "Start"), ("f1", "help", "Help")]

    def compose(self):
        with VerticalScroll():
            yield Static("Bare app ready")
            for _ in range(8):
                yield Static(TEXT)
            with Horizontal():
                yield Label("Team")
                yield Input(placeholder="Your team's name")
            with Horizontal():
                yield Label("Speed")
                yield Select([(f"{{s}}x", s) for s in (1, 2, 5, 10, 60)], value=1,
                             allow_blank=False)
            yield Button("Start", variant="success")
        yield Footer()

    def on_mount(self):
        self.query_one(Input).focus()


Briefing().run()
"""
RESUME = "breachsim resume SESSION (console)"
EVERY_LIBRARY = "import click, faker, jinja2, networkx, platformdirs, pydantic, textual, yaml"


def first_frame(argv: list[str], marker: str, env: dict[str, str],
                cwd: Path | None = None) -> tuple[float, float]:
    """Seconds from spawning ``argv`` under a pseudo-terminal until ``marker`` is on screen,
    and the CPU time (user + system) the process had used when it was killed just after."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                               cwd=cwd, start_new_session=True)
    os.close(slave)
    screen = b""
    try:
        while True:
            left = start + TIMEOUT - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} not on screen after {TIMEOUT:.0f} s from "
                                   f"{' '.join(argv[1:])}; last output: {_text(screen)[-400:]!r}")
            if not select.select([master], [], [], left)[0]:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the other end closed: the program exited
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{' '.join(argv[1:])} exited (code {process.wait()}) "
                                   f"before {marker!r} appeared: {_text(screen)[-400:]!r}")
            screen += chunk
            if marker in _text(screen):
                elapsed = time.perf_counter() - start
                break
    finally:
        process.kill()
        process.wait()
        os.close(master)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def _text(output: bytes) -> str:
    return ESCAPES.sub(b"", output).decode("utf-8", "replace")


def paused_session(store_path: Path) -> str:
    """A session of the scenario started and paused at once, as if the app had been closed."""
    scenario = load(find_bundled(SCENARIO)).scenario
    with open_store(store_path) as store:
        exercise = Exercise.begin(store, scenario, seed=1, team="Bench")
        exercise.start()
        exercise.pause()
        exercise.let_go()
        return exercise.session.id


def let_go(store_path: Path, session: str) -> None:
    """As the app does when it quits: the round before killed the console that resumed it."""
    with open_store(store_path) as store:
        store.let_go(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path,
                        help="A checkout of another version: `python -m breachsim run` of it "
                             "and of this one join the rounds, for a before and after.")
    args = parser.parse_args()
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline and not (baseline / "breachsim" / "__init__.py").is_file():
        parser.error(f"{baseline} holds no breachsim package")
    breachsim = str(Path(sys.executable).parent / "breachsim")
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "s.sqlite3"
        env = {k: v for k, v in os.environ.items()
               if k not in ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
               and not k.startswith("TEXTUAL")}
        env.update(TERM="xterm-256color", BREACHSIM_STORE=str(store),
                   BREACHSIM_CONFIG=str(Path(folder) / "no-config.yaml"),
                   PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"))
        session = paused_session(store)
        bare, textual_only = Path(folder) / "bare.py", Path(folder) / "bare_textual.py"
        bare.write_text(BARE_APP.format(imports=EVERY_LIBRARY), encoding="utf-8")
        textual_only.write_text(BARE_APP.format(imports="import textual"), encoding="utf-8")
        briefing_like = Path(folder) / "briefing_like.py"
        briefing_like.write_text(BRIEFING_LIKE_APP.format(imports=EVERY_LIBRARY),
                                 encoding="utf-8")
        cold = Path(folder) / "cold"
        shutil.copytree(ROOT / "breachsim", cold / "breachsim",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for data in ("scenarios", "injects"):  # beside the package, as in a checkout
            shutil.copytree(ROOT / data, cold / data)
        cold_env = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"}
        cold_env["PYTHONDONTWRITEBYTECODE"] = "1"
        variants = {
            "breachsim, as make demo starts it": ([breachsim], "Ransomware at Rivierduin"),
            "cold: breachsim not compiled yet":
                ([sys.executable, "-m", "breachsim"], "Ransomware at Rivierduin", cold,
                 cold_env),
            f"breachsim run {SCENARIO} (briefing)":
                ([breachsim, "run", SCENARIO], "Ransomware at Rivierduin"),
            RESUME:
                ([breachsim, "resume", session, "--store", str(store)], "Injects:"),
            "bare Textual app, same libraries": ([sys.executable, str(bare)], "Bare app ready"),
            "bare Textual app, textual alone":
                ([sys.executable, str(textual_only)], "Bare app ready"),
            "Textual app of the briefing's widgets, same libraries":
                ([sys.executable, str(briefing_like)], "Bare app ready"),
        }
        # `python -m breachsim` takes the package in the folder it runs in
        trees = {"this checkout": ROOT, "baseline": baseline} if baseline else {}
        for label, tree in trees.items():
            variants[f"python -m breachsim run ({label})"] = (
                [sys.executable, "-m", "breachsim", "run", SCENARIO],
                "Ransomware at Rivierduin", tree)
        names = list(variants)
        times: dict[str, list[float]] = {name: [] for name in names}
        cpus: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.runs + 1):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for name in order:
                argv, marker, cwd, own_env = (*variants[name], None, None)[:4]
                if name == RESUME:
                    let_go(store, session)
                seconds, cpu = first_frame(argv, marker, own_env or env, cwd)
                if round_:  # the first round warms the disk cache and is not counted
                    times[name].append(seconds)
                    cpus[name].append(cpu)

    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu = {name: statistics.median(t) for name, t in cpus.items()}
    floor = "bare Textual app, same libraries"
    print(f"spawn to first frame, {COLUMNS}x{LINES} pseudo-terminal, {args.runs} runs "
          "(target: breachsim run < 0.6 s); x: the ratio to the bare app with the same "
          "libraries")
    width = max(map(len, names))
    for name in names:
        print(f"  {name:<{width}} median {medians[name]:.3f} s "
              f"({medians[name] / medians[floor]:.2f}x), min {min(times[name]):.3f} s; "
              f"CPU {cpu[name]:.3f} s "
              f"({cpu[name] / cpu[floor]:.2f}x)")


if __name__ == "__main__":
    main()
