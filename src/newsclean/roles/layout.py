"""Which kind of text the text path was handed: a whole-page dump (every visible line of the page: menus,
footers, lists of other stories around the article) or the article region a readability-style scraper
prints. The line model pays on the first and costs article lines on the second (README, "The text path's
line model"), so it reads a text only when the layout model says it is a whole page.

The layout model reads one row per text: named facts of the lines the named rules left undecided (how many
there are, how much of them is prose, how much of the prose stands in one block, how many are short lines
in runs). It learns from the corpora's pages rendered both ways (bench/text_training_data.py): the labels
are the renderings themselves, so no gold text is needed to train it.
"""

from __future__ import annotations

import numpy as np

from newsclean.learn.models import LAYOUT
from newsclean.learn.train import Task
from newsclean.roles.line_features import SHORT_WORDS, Lines, Sentences, run_lengths

MENU_RUN = 3  # short lines in a run of at least this many: a menu or a list of links
FEATURES: tuple[str, ...] = (
    "undecided_share",  # lines the rules left, of all lines
    "log_lines",  # how many lines the rules left
    "prose_share",  # characters in prose lines (long, ending a sentence), of all characters left
    "main_share",  # prose characters in the main block of sentences, of all prose characters
    "main_chars",  # characters in the main block, of all characters left
    "main_lines",  # lines in the main block, of all lines left
    "menu_lines",  # lines in runs of MENU_RUN or more short lines
    "short_lines",  # lines of SHORT_WORDS words or fewer
    "sentence_lines",  # lines that end a sentence
    "stopwords",  # mean share of function words a line
    "capitals",  # mean share of capitalised words a line
    "separators",  # mean separators (| • » /) a word
)
# The lines' own columns the layout row reads.
_READ = ("chars", "prose", "short", "log_words", "ends_sentence", "stopwords", "capitals", "separators")
TASK = Task(LAYOUT, FEATURES, (), {"page": 0.5}, parameters={"num_leaves": 7}, rounds=100)


def layout_row(lines: Lines, total_lines: int, rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The one-row feature table of a text whose undecided lines are `rows` of `lines` (default: all of
    them; at least one), of `total_lines` in all. It reads the lines' own columns and where their main
    block of sentences stands, not the line model's table (on article text that table is never needed)."""
    own = lines.own if rows is None else {name: lines.own[name][rows] for name in _READ}
    n = len(own["chars"])
    sentences = Sentences.of(own["prose"] > 0, own["chars"])
    inside = np.zeros(n, dtype=bool)
    if sentences.block is not None:
        inside[sentences.block[0] : sentences.block[1]] = True
    chars = own["chars"].astype(np.float64)
    row = {
        "undecided_share": n / max(1, total_lines),
        "log_lines": float(np.log1p(n)),
        "prose_share": sentences.prose_share,
        "main_share": sentences.main_share,
        "main_chars": float(chars[inside].sum() / max(1.0, chars.sum())),
        "main_lines": float(inside.mean()),
        "menu_lines": float((run_lengths(own["short"] > 0) >= MENU_RUN).mean()),
        "short_lines": float((np.expm1(own["log_words"]) <= SHORT_WORDS).mean()),
        "sentence_lines": float(own["ends_sentence"].mean()),
        "stopwords": float(own["stopwords"].mean()),
        "capitals": float(own["capitals"].mean()),
        "separators": float(own["separators"].mean()),
    }
    return {name: np.array([row[name]], dtype=np.float32) for name in FEATURES}
