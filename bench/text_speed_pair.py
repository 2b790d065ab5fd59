"""The text path's speed against another checkout's, in one run: this tree and OTHER (a `git worktree` of an
older commit, say the one before the line model) each clean the corpora's whole-page renderings in a
process of their own, at the same time, one core each, so that the machine's load falls on both alike.

    git worktree add /tmp/before a55fbba
    .venv/bin/python bench/text_speed_pair.py /tmp/before [--mode default|rules]

`--mode rules` runs this tree's named rules alone (RULES_ALONE); OTHER always runs its default passes. Each
process warms up over 300 pages, then times one round over all of them (the text path's steps: normalise,
segment, roles, assemble) and prints MB/s. Needs two free cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP = 300

# Run by each process with its own tree's `src` first on the path; reads only what every tree since the text
# path has had (normalise_text, segment_lines, assign_roles, assemble).
WORKER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from newsclean.assemble import assemble
from newsclean.model import RawRecord
from newsclean.normalise import normalise_text
from newsclean.roles import assign_roles
from newsclean.segment import segment_lines
import newsclean.roles as roles
passes = roles.RULES_ALONE if sys.argv[2] == "rules" else None
pages = [(p.stem, p.read_text("utf-8")) for p in map(Path, sys.argv[4:])]
def clean(pid, text):
    segments = segment_lines(normalise_text(text))
    doc = assign_roles(segments) if passes is None else assign_roles(segments, passes)
    record = RawRecord(pid, pid + ".txt", "txt", b"")
    try:
        assemble(record, segments, getattr(doc, "lang", None))
    except TypeError:  # a tree whose assemble takes no language
        assemble(record, segments)
for page in pages[: int(sys.argv[3])]:
    clean(*page)
started = time.perf_counter()
for page in pages:
    clean(*page)
seconds = time.perf_counter() - started
size = sum(len(text.encode("utf-8")) for _, text in pages)
print(f"{size / 1e6 / seconds:.2f} MB/s ({size / 1e6:.1f} MB in {seconds:.1f} s)")
"""


def page_files() -> list[str]:
    from text_training_data import CORPORA, rendered

    return [str(path) for name in CORPORA for path in sorted(rendered("page", name).glob("*.txt"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="another checkout of newsclean (its src/ is used)")
    parser.add_argument("--mode", choices=("default", "rules"), default="default", help="this tree's passes")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    files = page_files()
    if not files:
        raise SystemExit("no whole-page renderings: run `make train` (bench/text_training_data.py render)")
    runs = {
        f"this tree ({args.mode})": (HERE.parent / "src", args.mode),
        f"{args.other} (default)": (args.other / "src", "default"),
    }
    procs = {
        label: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(src), mode, str(WARM_UP), *files], stdout=subprocess.PIPE, text=True
        )
        for label, (src, mode) in runs.items()
    }
    for label, proc in procs.items():
        out, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"{label}: the worker failed (exit {proc.returncode})")
        print(f"{label}: {out.strip()}")


if __name__ == "__main__":
    main()
