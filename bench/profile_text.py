"""Where the text path's time goes: pyinstrument over a worker's steady state. Run by hand:

    .venv/bin/python bench/profile_text.py --corpus bench/data/corpus-100k [--docs 12000] [--html OUT.html]

Warms up over the first 3,000 corpus documents (as bench/speed.py does), then profiles `clean_record` over
the next --docs and prints the call tree (or writes pyinstrument's HTML view).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import clean_slice, corpus_texts

WARM_UP = 3000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder made by bench/corpus.py (jsonl)")
    parser.add_argument("--docs", type=int, default=12000, help="documents profiled after the warm-up")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML view here instead of printing")
    args = parser.parse_args(argv)
    data = [text.encode() for text in corpus_texts(args.corpus, WARM_UP + args.docs)]
    clean_slice(data, range(WARM_UP))
    profiler = Profiler(interval=0.0005)
    with profiler:
        clean_slice(data, range(WARM_UP, len(data)))
    if args.html:
        args.html.write_text(profiler.output_html())
    else:
        print(profiler.output_text(color=False, show_all=False))


if __name__ == "__main__":
    main()
