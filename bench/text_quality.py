"""Text path quality and speed on real text dumps: the labelled pages rendered to text (bench/text_training_data.py
render: `page`, every visible line of the page; `article`, the readability-style article region;
`page-inscriptis`, the whole page as another renderer lays it out, which no model learns from).

    .venv/bin/python bench/text_quality.py [--sets dragnet,cleanportaleval,readability,cleaneval,devset]
                                           [--renderings page,article,page-inscriptis] [--models bench/out/models]
                                           [--speed] [--json FILE]

Per set and rendering, F1 / precision / recall (../shared/tools/newsclean_score.py: body 4-gram shingles
against the corpora's gold, snippets on the devset) of
- keep every line: the body is every line of the text;
- rules alone: newsclean's named rules, what they leave is body (the text path before the line model);
- newsclean: the default passes: the rules, then the layout model, and on a text it reads as a whole page
  the line model on what they leave. A corpus is scored with its leave-one-corpus-out models
  (`--models`/loco-<corpus>, trained on the other corpora by `make train`); the devset, which no model learns
  from, with the shipped ones;
- gold lines (the corpora): the lines the gold holds, by the overlap test that labels the line model's
  training lines: the ceiling of any line labelling of the rendering (Dragnet's against the article part of
  its gold, as the contract keeps readers' comments out of the body; title, byline and date lines the gold
  holds are kept, so the contract's own ceiling is a little lower still).

`--speed`: MB/s per core of the text path's steps (normalise, segment, roles, assemble: what a worker runs per text)
over the whole-page renderings of the corpora, rules alone against rules and model, page by page in turn
(who goes first alternates, so that load on the machine slows both alike), after a warm-up round.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import (
    SHARED,
    LabelledSet,
    article_part,
    article_part_set,
    comment_shingles,
    comments_in_body,
    load_scorer,
    score,
)
from text_training_data import CORPORA, MEASURED, SETS, gold_texts, rendered, texts
from training_data import gold_holds

from newsclean.assemble import assemble
from newsclean.html.evidence import word_key
from newsclean.model import RawRecord
from newsclean.normalise import normalise_text
from newsclean.roles import RULES_ALONE, assign_roles, line_model_passes
from newsclean.segment import segment_lines

MODELS = Path(__file__).resolve().parent / "out" / "models"
MB = 1e6
FIGURES = ("f1", "precision", "recall")  # what quality.score returns, in order
ARTICLE_PART = ", article part"  # Dragnet is scored against the article part of its gold too
COMMENTS = "comments in body"  # ... and the share of its labelled readers' comments put in the body
CEILING = "gold lines"  # the best a line labeller scores (gold_lines)


def reference(name: str) -> LabelledSet:
    if name == "devset":
        return LabelledSet(name, [], SHARED / "devset" / "snippets" / "evaldata.json", True)
    return LabelledSet(name, [], SHARED / "corpora" / name / "ground-truth.json", False)


def model_folder_for(name: str, models: Path) -> Path | None:
    """The leave-one-corpus-out line and layout models for a corpus; None (the shipped ones) for the devset."""
    if name not in CORPORA:
        return None
    folder = models / f"loco-{name}"
    if not all((folder / f"{task}.json").is_file() for task in ("lines", "layout")):
        raise SystemExit(f"no leave-one-corpus-out line model in {folder}: run `make train`")
    return folder


def cleaner(rules_only: bool, folder: Path | None) -> Callable[[str, str], str]:
    """A function (page id, text) -> body: the text path's steps (normalise, segment, roles, assemble), with
    the rules alone or with the layout and line models from `folder` (the default passes)."""
    passes = RULES_ALONE if rules_only else line_model_passes(folder)

    def clean(page_id: str, text: str) -> str:
        segments = segment_lines(normalise_text(text))
        doc = assign_roles(segments, passes)
        return assemble(RawRecord(page_id, f"{page_id}.txt", "txt", b""), segments, doc.lang).body

    return clean


def keep_every_line(_page_id: str, text: str) -> str:
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def gold_lines(name: str) -> Callable[[str, str], str]:
    """The ceiling of any line labelling: keep the lines the gold holds (by the overlap test that labels the
    line model's training lines: half their word 4-grams, or a whole gold line when short). Dragnet's lines are
    labelled against the article part of its gold: the readers' comments it appends go to `comments` by
    the contract, so this is the best a line labeller that follows the contract can score."""
    golds = {pid: article_part(gold) if name == "dragnet" else gold for pid, gold in gold_texts(name).items()}

    def keep(page_id: str, text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        held = gold_holds([word_key(line) for line in lines], golds[page_id])
        return "\n\n".join(line for line, kept in zip(lines, held, strict=True) if kept)

    return keep


def measure(name: str, rendering: str, models: Path, scorer: object) -> dict[str, dict[str, float]]:
    pages = dict(texts(rendering, name))
    methods = {
        "keep every line": keep_every_line,
        "rules alone": cleaner(True, None),
        "newsclean": cleaner(False, model_folder_for(name, models)),
    }
    if name in CORPORA:  # the devset's snippets are no whole gold text to label lines by
        methods[CEILING] = gold_lines(name)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        cut = article_part_set(reference(name), Path(folder)) if name == "dragnet" else None
        comments = comment_shingles(reference(name), scorer) if cut is not None else {}
        for method, clean in methods.items():
            bodies = {pid: clean(pid, text) for pid, text in pages.items()}
            figures[method] = dict(zip(FIGURES, score(bodies, reference(name), scorer), strict=True))
            if cut is not None:  # Dragnet's gold appends the readers' comments on 406 pages: see bench/quality.py
                figures[f"{method}{ARTICLE_PART}"] = dict(zip(FIGURES, score(bodies, cut, scorer), strict=True))
                figures[method][COMMENTS] = comments_in_body(bodies, comments, scorer)
    return figures


def speed(models: Path, rounds: int = 2) -> dict[str, float]:
    """MB/s of rules alone and of the default passes (shipped models) over the corpora's whole-page texts."""
    pages = [(pid, text) for name in CORPORA for pid, text in texts("page", name)]
    size = sum(len(text.encode("utf-8")) for _, text in pages)
    cleaners = {"rules alone": cleaner(True, None), "rules + line model": cleaner(False, None)}
    seconds = dict.fromkeys(cleaners, 0.0)
    order = list(cleaners)
    for warm in pages[:300]:
        for clean in cleaners.values():
            clean(*warm)
    for _ in range(rounds):
        for turn, (pid, text) in enumerate(pages):
            for name in order[turn % 2 :] + order[: turn % 2]:
                started = time.perf_counter()
                cleaners[name](pid, text)
                seconds[name] += time.perf_counter() - started
    return {name: rounds * size / MB / s for name, s in seconds.items()} | {"MB": size / MB, "pages": len(pages)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--renderings", default=",".join(MEASURED))
    parser.add_argument("--models", type=Path, default=MODELS, help="folder of loco-<corpus> model folders")
    parser.add_argument("--speed", action="store_true", help="also measure MB/s before and after the model")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    scorer = load_scorer()
    figures: dict[str, object] = {}
    for rendering in filter(None, args.renderings.split(",")):  # --renderings "": the speed alone
        print(f"\n## {rendering} text\n")
        print("| set | keep every line F1 (P / R) | rules alone F1 (P / R) | newsclean F1 (P / R) | gold lines |")
        print("|---|---|---|---|---|")
        for name in args.sets.split(","):
            if not rendered(rendering, name).is_dir():
                raise SystemExit(f"no {rendering} renderings of {name}: run bench/text_training_data.py render")
            found = measure(name, rendering, args.models, scorer)
            figures[f"{rendering}/{name}"] = found
            cut = [m for k, m in found.items() if k.endswith(ARTICLE_PART)]
            plain = [m for k, m in found.items() if not k.endswith(ARTICLE_PART)]
            rows = {name: plain, f"{name}{ARTICLE_PART} of the gold": cut}
            for label, row in rows.items():
                cells = [f"{m['f1']:.3f} ({m['precision']:.3f} / {m['recall']:.3f})" for m in row]
                if cells:
                    print(f"| {label} | {' | '.join(cells)}{' | -' * (4 - len(cells))} |", flush=True)
            if all(COMMENTS in m for m in plain):
                print(f"| {name}, its readers' {COMMENTS} | {' | '.join(f'{m[COMMENTS]:.1%}' for m in plain)} |")
    if args.speed:
        found = speed(args.models)
        figures["speed"] = found
        pages, size = found["pages"], found["MB"]
        print(f"\n## speed: whole-page text of the corpora ({pages:,} pages, {size:.1f} MB), one core\n")
        print("| | MB/s |\n|---|---|")
        for name in ("rules alone", "rules + line model"):
            print(f"| {name} | {found[name]:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
