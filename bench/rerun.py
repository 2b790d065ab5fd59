"""Wall time of a re-run with nothing changed: the real `newsclean run` command, in a fresh process,
Prefect's temporary API started and stopped included (what a scheduled or a second `make run` costs).

    .venv/bin/python bench/rerun.py [--files 10000] [--repeat 3]

Two inputs: this checkout's raw/ (the five seeds), and a folder of --files seed-sized text files (seeds with
one line added, 100 subfolders). Each is cleaned once into a fresh output folder, then re-run --repeat
times; prints the first run's time and the best and worst re-run. Nothing changed, so a re-run must clean 0
documents: the script stops if one does not.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWSCLEAN = Path(sys.executable).parent / "newsclean"
NOTHING_CLEANED = "documents read 0, cleaned 0, rejected 0"


def timed_run(raw: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(NEWSCLEAN), "run", str(raw), str(out), "--quiet"], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"newsclean run {raw} failed: {done.stderr.strip().splitlines()[-1]}")
    return seconds, done.stdout.strip().splitlines()[0]


def write_copies(raw: Path, files: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))]
    for n in range(files):
        folder = raw / f"{n % 100:02d}"
        folder.mkdir(exist_ok=True)
        text = f"{seeds[n % len(seeds)]}\nStory number {n} ends here with one more sentence.\n"
        (folder / f"story {n:05d}.txt").write_text(text, encoding="utf-8")


def measure(name: str, raw: Path, out: Path, repeat: int) -> None:
    first, _ = timed_run(raw, out)
    reruns = []
    for _ in range(repeat):
        seconds, summary = timed_run(raw, out)
        if NOTHING_CLEANED not in summary:
            raise SystemExit(f"a re-run with nothing changed cleaned something: {summary}")
        reruns.append(seconds)
    print(f"{name:<28} {first:>10.1f} {min(reruns):>12.1f} {max(reruns):>12.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'inputs':<28} {'first run s':>10} {'re-run best':>12} {'re-run worst':>12}")
    with tempfile.TemporaryDirectory() as work:
        measure("raw/ (5 seeds)", REPO / "raw", Path(work) / "seeds-out", args.repeat)
        raw = Path(work) / "raw"
        raw.mkdir()
        write_copies(raw, args.files)
        measure(f"{args.files:,} text files", raw, Path(work) / "out", args.repeat)


if __name__ == "__main__":
    main()
