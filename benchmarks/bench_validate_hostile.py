"""`breachsim validate` on generated hostile files: hundreds of thousands of problems each.

Target (issue 11): an answer within 2 s for any file the loader accepts (at most 16 MB).
Prints the median of several runs of the whole process for each shape of file: seconds on the
clock, and seconds of CPU (which a busy shared machine disturbs less).

    python benchmarks/bench_validate_hostile.py [--count N] [--size MB] [--runs R]

Each file holds ``--count`` problems (default 200,000; a tenth as many injects that pass the
format and fail the cross-checks), its lines padded so that the file comes to about
``--size`` MB (default 16; 0 for no padding).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from breachsim.scenario.skeleton import skeleton
from breachsim.scenario.yamlsource import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
SKELETON = skeleton("en")


def unknown_keys(count: int, pad: Callable[[int], str]) -> str:
    return SKELETON + "".join(f"unknown_{i}: {pad(i)}1\n" for i in range(count))


def merges(count: int, pad: Callable[[int], str]) -> str:
    """Every key a mapping that merges the same anchor."""
    return "base: &a {x: 1}\n" + "".join(f"m{i}{pad(i)}: {{<<: *a}}\n" for i in range(count))


def merge_keys(count: int, pad: Callable[[int], str]) -> str:
    """One mapping with a merge key on every line."""
    return SKELETON + "base: &a {x: 1}\nmerged:\n" + "".join(
        f"  <<: *a  # {pad(i)}\n" for i in range(count))


def duplicate_keys(count: int, pad: Callable[[int], str]) -> str:
    return SKELETON + "".join(f"dup: {pad(i)}1\n" for i in range(count))


def wrong_items(count: int, pad: Callable[[int], str]) -> str:
    """A list of roles that are numbers instead of mappings."""
    items = "".join(f"  - {i}  # {pad(i)}\n" for i in range(count))
    return SKELETON.replace("roles:\n", "roles:\n" + items, 1)


def unknown_afters(count: int, pad: Callable[[int], str]) -> str:
    """Injects of the right shape, each timed after an inject that does not exist."""
    injects = "".join(f"  - {{id: x{i}, title: T, channel: email, "
                      f"after: {{inject: nope{i}, delay: 1m}}}}  # {pad(i)}\n"
                      for i in range(count))
    return SKELETON.replace("injects:\n", "injects:\n" + injects, 1)


#: name → (shape, the share of ``--count`` it is made with)
SHAPES = {
    "unknown keys": (unknown_keys, 1),
    "merges, one per key": (merges, 1),
    "merge keys in one mapping": (merge_keys, 1),
    "duplicate keys": (duplicate_keys, 1),
    "roles of the wrong type": (wrong_items, 1),
    "injects after an unknown inject": (unknown_afters, 1 / 10),
}


def padded(shape: Callable[[int, Callable[[int], str]], str], count: int, size: int) -> str:
    """The shape's text, each line padded so the file comes to ``size`` bytes or less."""
    text = shape(count, lambda i: "")
    if not size or len(text) >= size:
        return text
    width = (size - len(text)) // count
    return shape(count, lambda i: "x" * width)


def run(path: Path) -> tuple[float, float, str]:
    """Seconds and CPU seconds of one `breachsim validate` process, and its summary line."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "breachsim", "validate", str(path)],
                          capture_output=True, text=True, cwd=path.parent)
    seconds = time.perf_counter() - start
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return seconds, _children_cpu() - cpu, proc.stderr.rstrip("\n").rsplit("\n", 1)[-1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_run(path: Path, runs: int) -> tuple[float, float, str]:
    results = [run(path) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[-1][2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--size", type=float, default=16, help="MB; 0 for no padding")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size = min(int(args.size * 1024 * 1024), MAX_BYTES - 4096)
    print(f"`breachsim validate`, whole process (median of {args.runs} runs)")
    with tempfile.TemporaryDirectory() as folder:
        bundled = Path(folder) / "hospital-ransomware.scenario.yaml"
        bundled.write_bytes((ROOT / "scenarios" / bundled.name).read_bytes())
        seconds, cpu, _ = median_run(bundled, args.runs)
        print(f"  {'a bundled scenario, for scale':<44} {seconds:6.2f} s {cpu:6.2f} s CPU")
        for name, (shape, share) in SHAPES.items():
            count = int(args.count * share)
            path = Path(folder) / f"{name.replace(' ', '-').replace(',', '')}.scenario.yaml"
            path.write_text(padded(shape, count, size), encoding="utf-8")
            seconds, cpu, summary = median_run(path, args.runs)
            label = f"{count:,} {name}"
            print(f"  {label:<44} {seconds:6.2f} s {cpu:6.2f} s CPU  "
                  f"({path.stat().st_size / 1e6:.1f} MB; {summary})", flush=True)


if __name__ == "__main__":
    main()
