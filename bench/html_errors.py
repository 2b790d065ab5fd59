"""Error analysis of newsclean's HTML path against the snippet devset.

    .venv/bin/python bench/html_errors.py [--limit N] [--only lost|leaks]

Per page of the devset, lists
  a. lost: each must-have snippet that trafilatura alone has in its body but newsclean's body lacks, with
     the segment(s) that held it (role, rule) or, when no segment holds it, "extraction" plus which of
     trafilatura's modes over which tree would have found it (fast/full over the pruned or whole page);
  b. leaks: each must-not-have snippet still in newsclean's body, with the rule of the segment holding it
     and whether trafilatura alone leaks it too.
Ends with counts per cause.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

import trafilatura

from bench.html_quality import EVALDATA, PAGES, load_scorer, read_pages, trafilatura_alone
from newsclean.clean import clean_record
from newsclean.html import dom
from newsclean.model import Article, RawRecord, Segment
from newsclean.read.decode import decode_bytes

canon = load_scorer().canon


def holders(snippet: str, segments: list[Segment]) -> str:
    """The role.rule of the segments that hold the snippet, or "extraction" when none does."""
    found = sorted({f"{s.role}:{s.rule}" for s in segments if snippet in canon(s.text)})
    return ", ".join(found) or "extraction"


def modes_finding(snippet: str, html: str) -> str:
    """Which trafilatura runs (fast/full over the pruned/whole page) find a snippet newsclean never saw."""
    from newsclean.html.blocks import take_blocks
    from newsclean.html.embeds import take_embeds

    tree = dom.parse(html)
    dom.drop_code(tree)
    page_chars = dom.page_text_length(tree)
    take_embeds(tree)
    take_blocks(tree, page_chars)
    found = []
    for tree_name, source in (("pruned", tree.html or ""), ("whole", html)):
        for fast in (True, False):
            got = trafilatura.bare_extraction(source, fast=fast, include_comments=False, include_tables=True)
            if got is not None and snippet in canon(got.text or ""):
                found.append(f"{'fast' if fast else 'full'}/{tree_name}")
    return " ".join(found) or "none"


def lost_lines(item: dict, body: str, alone: str, segments: list[Segment], page: bytes, every: bool) -> list[str]:
    lines = []
    for snippet in map(canon, item["with"]):
        if (every or snippet in alone) and snippet not in body:
            cause = holders(snippet, segments)
            if cause == "extraction":
                cause += " (" + modes_finding(snippet, decode_bytes(page)) + ")"
            lines.append(f"  LOST  [{cause}{'' if snippet in alone else ' also alone'}] {snippet[:110]}")
    return lines


def leak_lines(item: dict, body: str, alone: str, segments: list[Segment], context: int) -> list[str]:
    lines = []
    kept = [s for s in segments if s.kept]
    for snippet in map(canon, item["without"]):
        if snippet in body:
            cause = holders(snippet, kept)
            lines.append(f"  LEAK  [{cause}{' also alone' if snippet in alone else ''}] {snippet[:110]}")
            held = next((s.text for s in kept if snippet in canon(s.text)), "")
            if context and held:
                lines.append(f"        in: {held[:context]}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--only", choices=["lost", "leaks"], default=None)
    parser.add_argument("--all-lost", action="store_true", help="also the snippets trafilatura alone loses")
    parser.add_argument("--context", type=int, default=0, help="show this many characters of a leak's segment")
    args = parser.parse_args(argv)
    evaldata = json.loads(EVALDATA.read_text("utf-8"))
    by_file = {item["file"].removesuffix(".gz").removesuffix(".html"): item for item in evaldata.values()}
    causes: Counter[str] = Counter()
    for doc_id, page in read_pages(PAGES, args.limit):
        item = by_file.get(doc_id)
        if item is None:
            continue
        outcome = clean_record(RawRecord(doc_id, f"{doc_id}.html", "html", page, payload="html"))
        segments = outcome.segments if isinstance(outcome, Article) else []
        body = canon(outcome.body) if isinstance(outcome, Article) else ""
        alone = canon(trafilatura_alone(doc_id, page))
        lines = []
        if args.only != "leaks":
            lines += lost_lines(item, body, alone, segments, page, args.all_lost)
        if args.only != "lost":
            lines += leak_lines(item, body, alone, segments, args.context)
        for line in lines:
            if line.startswith("  L"):
                causes[line[2:6].lower() + " " + line[line.index("[") + 1 : line.index("]")].split(" (")[0]] += 1
        if lines:
            print(f"{doc_id}\t{item['file']}")
            print("\n".join(lines))
    print("\ncauses:")
    for cause, n in causes.most_common():
        print(f"{n:5d}  {cause}")


if __name__ == "__main__":
    main()
