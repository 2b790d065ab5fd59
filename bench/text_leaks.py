"""Where a phrase table is missing a line: the lines the text path keeps as body that no gold holds, counted
by the pages that keep them, over every corpus's renderings (the set's leave-one-corpus-out models, as
bench/text_quality.py scores them).

    .venv/bin/python bench/text_leaks.py [--renderings page,article] [--min-pages 5] [--top 60]

A line kept on many pages and held by no gold ("The letters and numbers you entered did not match the image",
"About these ads") is a blog platform's or a site's furniture: one line in the right table of
src/newsclean/roles/phrases/ takes it out everywhere. Digits are folded ("3 comments" and "12 comments" are
one line), and each line is shown with how many gold lines hold it (a line some gold keeps is no furniture).
Dragnet is read against the article part of its gold (its readers' comments cut, as bench/quality.py does).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import article_part
from text_quality import MODELS, model_folder_for, reference
from text_training_data import CORPORA, RENDERINGS, texts

from newsclean.normalise import normalise_text
from newsclean.roles import assign_roles, line_model_passes
from newsclean.segment import segment_lines
from newsclean.text.features import fold
from newsclean.vocab import Role

_DIGITS = re.compile(r"\d+")
SHOWN_CHARS = 100


def line_form(text: str) -> str:
    """The form lines are counted in: folded, digits as 0 (a count or a date does not make another line)."""
    return _DIGITS.sub("0", fold(text))[:SHOWN_CHARS]


def gold_text(corpus: str, page_id: str, gold: dict[str, dict[str, str]]) -> str:
    body = gold[page_id]["articleBody"] or ""
    return fold(article_part(body) if corpus == "dragnet" else body)


def leaks(renderings: list[str]) -> tuple[dict[str, set[str]], Counter[str]]:
    """For each line form, the pages (corpus/rendering/id) that keep it as body outside their gold, and how
    many kept lines of that form some gold does hold."""
    pages: dict[str, set[str]] = defaultdict(set)
    held: Counter[str] = Counter()
    for corpus in CORPORA:
        gold = json.loads(reference(corpus).reference.read_text("utf-8"))
        passes = line_model_passes(model_folder_for(corpus, MODELS))
        for rendering in renderings:
            for page_id, text in texts(rendering, corpus):
                holds = gold_text(corpus, page_id, gold)
                segments = segment_lines(normalise_text(text))
                assign_roles(segments, passes)
                for seg in segments:
                    if seg.role != Role.BODY:
                        continue
                    form = line_form(seg.text)
                    if fold(seg.text) in holds:
                        held[form] += 1
                    else:
                        pages[form].add(f"{corpus}/{rendering}/{page_id}")
    return pages, held


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renderings", default=",".join(RENDERINGS))
    parser.add_argument("--min-pages", type=int, default=5, help="show lines kept on at least this many pages")
    parser.add_argument("--top", type=int, default=60, help="show at most this many lines")
    args = parser.parse_args(argv)
    pages, held = leaks(args.renderings.split(","))
    ranked = sorted(pages.items(), key=lambda item: (-len(item[1]), item[0]))
    print("| pages | in a gold | line (folded, digits as 0) | e.g. |\n|---|---|---|---|")
    for form, where in [item for item in ranked if len(item[1]) >= args.min_pages][: args.top]:
        print(f"| {len(where)} | {held[form]} | {form.replace('|', '/')} | {min(where)} |")


if __name__ == "__main__":
    main()
