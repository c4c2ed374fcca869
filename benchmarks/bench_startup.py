"""Start-up of the headless commands: whole-process `validate` and `play`.

Targets (issue 15): `breachsim validate` of a bundled scenario under 0.25 s, `breachsim play`
of a bundled scenario under 0.4 s. The machine this runs on is shared and its speed varies
by a factor of two over a day, so each figure is also given as a ratio to floors measured in
the same rounds:

- the interpreter alone (`python -c pass`);
- the import floor: `python -c "import click, pydantic, yaml"`, the libraries no command can
  do without, importing nothing else.

Each round runs every program once, in a rotating order so that the machine's noise hits
them alike; one untimed warm-up round, then ``--runs`` rounds (default 7); medians of the
wall time and of the CPU time (user + system: less disturbed when other work shares the
machine). The commands run as `python -m breachsim ...` with the store and the config in a
temporary folder, output discarded; the children write bytecode to a temporary folder
(PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE unset), so that after the warm-up round the
project's modules load from bytecode as they would once installed. ``--baseline DIR`` runs
another checkout's commands in the same rounds, for a before and after. For the app's first
frame against a bare Textual app, see bench_app_start.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
PLANS = ROOT / "tests" / "playthroughs"
FLOORS = {
    "python -c pass": "pass",
    "import click, pydantic, yaml": "import click, pydantic, yaml",
}
FLOOR = "import click, pydantic, yaml"


def seconds(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} exited {done.returncode}: "
                           f"{done.stderr.decode()[-400:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def programs(folder: Path, only: str | None, baseline: Path | None
             ) -> dict[str, tuple[list[str], Path]]:
    """name → (argv, the folder it runs in: `python -m breachsim` takes the package there).
    Each tree plays into a store of its own in ``folder``: one may not open the other's
    schema."""
    python = sys.executable
    found = {name: ([python, "-c", code], ROOT) for name, code in FLOORS.items()}
    trees = [("", ROOT)] + ([(" [baseline]", baseline)] if baseline else [])
    for path in sorted(SCENARIOS.glob("*.scenario.yaml")):
        name = path.name.removesuffix(".scenario.yaml")
        if only and only not in name:
            continue
        for label, tree in trees:
            found[f"validate {name}{label}"] = (
                [python, "-m", "breachsim", "validate", str(path)], tree)
        for index, (label, tree) in enumerate(trees):
            store = folder / f"bench{index}.sqlite3"
            found[f"play {name} (good plan){label}"] = (
                [python, "-m", "breachsim", "play", str(path), "--store", str(store),
                 "--plan", str(PLANS / f"{name}.good.plan.yaml")], tree)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="Only the bundled scenarios whose name contains this.")
    parser.add_argument("--baseline", type=Path,
                        help="A checkout of another version: its commands run in the same "
                             "rounds, for a before and after.")
    args = parser.parse_args()
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline and not (baseline / "breachsim" / "__init__.py").is_file():
        parser.error(f"{baseline} holds no breachsim package")
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
               and not k.startswith("BREACHSIM")}
        env.update(BREACHSIM_CONFIG=str(Path(folder) / "no-config.yaml"),
                   BREACHSIM_STORE=str(Path(folder) / "default.sqlite3"),
                   PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"))
        variants = programs(Path(folder), args.only, baseline)
        names = list(variants)
        walls: dict[str, list[float]] = {name: [] for name in names}
        cpus: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.runs + 1):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                wall, cpu = seconds(*variants[name], env)
                if round_:  # the first round warms the caches and is not counted
                    walls[name].append(wall)
                    cpus[name].append(cpu)

    wall = {name: statistics.median(t) for name, t in walls.items()}
    cpu = {name: statistics.median(t) for name, t in cpus.items()}
    print(f"whole process, median of {args.runs} rounds (targets: validate < 0.25 s, "
          f"play < 0.4 s); x: the ratio to the import floor `{FLOOR}` of this run")
    print(f"  {'':<62} {'wall':>7} {'x':>6} {'min':>7}   {'cpu':>7} {'x':>6}")
    for name in names:
        print(f"  {name:<62} {wall[name]:6.3f}s {wall[name] / wall[FLOOR]:5.2f}x "
              f"{min(walls[name]):6.3f}s   {cpu[name]:6.3f}s {cpu[name] / cpu[FLOOR]:5.2f}x")


if __name__ == "__main__":
    main()
