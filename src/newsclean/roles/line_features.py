"""The named features of a text's lines, the line model's inputs (newsclean.roles.model): a line's own shape
(length, punctuation, stop words, capitals, digits, separators), its place in the text, and its context: the
shape of the lines before and after it, the run of short unstopped lines it stands in (a menu), and where it
stands against the text's densest block of sentences (the article) and how many of its content words that
block uses too. The text is the lines the named rules
left undecided (what they took out, the model never sees: the same lines whether a page is cleaned or its
cleaned body cleaned again). `FEATURES` names the columns in order;
`line_table` computes them for a list of lines, column by column: character counts with numpy over the whole
text at once, one Python pass for the words.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

import numpy as np

from newsclean.arrays import distinct
from newsclean.learn import sequence
from newsclean.text import features
from newsclean.text.stopwords import (
    content_words,
    count_function_words,
    is_spaceless,
    spaceless_words,
    split_words,
)

WINDOW = 3  # lines on each side that a window feature averages over
WIDE_WINDOW = 10
SHORT_WORDS = 6  # a line of at most this many words, not ending a sentence, is short (a menu item, a label)
PROSE_WORDS = features.PROSE_WORDS  # a line of at least this many words that ends a sentence is prose
PROSE_SPACELESS_CHARS = 20  # or, in a script written without spaces (Chinese, Japanese, Thai), of this many characters
GAP_CHARS = 20  # what a line that is not prose costs the block of sentences it stands in (plus half its length)
FAR = 99.0
CATEGORICAL: tuple[str, ...] = ()
_PUNCTUATION_CHARS, _SEPARATOR_CHARS = ".,;:!?", "|•·»›«‹▪◦‣►▶→/"
_TABLE_SIZE = max(map(ord, _PUNCTUATION_CHARS + _SEPARATOR_CHARS)) + 2  # the last entry: every higher code


def _lookup(chars: str) -> np.ndarray:
    """A code point -> is-one-of-`chars` table (one index per character: np.isin sorts, this does not)."""
    table = np.zeros(_TABLE_SIZE, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


_PUNCTUATION, _SEPARATORS = _lookup(_PUNCTUATION_CHARS), _lookup(_SEPARATOR_CHARS)


def _counts(texts: list[str]) -> dict[str, np.ndarray]:
    """Per line: characters, words, digits, punctuation marks, separators, capitalised words (numpy over
    the code points of the whole text; a normalised line's words stand one plain space apart)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    starts = np.concatenate([[0], np.cumsum(lengths[:-1] + 1)])
    before = np.concatenate([[10], codes[:-1]])
    upper = ((codes >= 65) & (codes <= 90)) | ((codes >= 0xC0) & (codes <= 0xDE) & (codes != 0xD7))
    upper |= (codes >= 0x391) & (codes <= 0x3A9) | (codes >= 0x410) & (codes <= 0x42F)
    clipped = np.minimum(codes, _TABLE_SIZE - 1)
    masks = {
        "spaces": codes == 32,
        "digits": (codes >= 48) & (codes <= 57),
        "punctuation": _PUNCTUATION[clipped],
        "separators": _SEPARATORS[clipped],
        "capitalised": upper & ((before == 32) | (before == 10)),
    }
    counts = {name: np.add.reduceat(mask.astype(np.int32), starts).astype(np.float32) for name, mask in masks.items()}
    counts["chars"] = lengths.astype(np.float32)
    counts["words"] = counts["spaces"] + 1
    return counts


def _stopword_shares(split: list[list[str]], words: np.ndarray) -> np.ndarray:
    """The share of each line's words that are function words (of any listed language)."""
    return np.fromiter(map(count_function_words, split), dtype=np.float32, count=len(split)) / words


@dataclass(frozen=True)
class Words:
    """The content words of a text's lines as one flat table (newsclean.text.stopwords.content_words, each
    once a line): the line of each entry, the word's number in the text, and how many each line has."""

    line: np.ndarray
    word: np.ndarray
    per_line: np.ndarray

    @classmethod
    def of(cls, split: list[list[str]]) -> Words:
        """From each line's words: numbered over the whole text at once (the text's distinct words are
        judged once, each line's entries made unique by numpy), not word by word in Python."""
        every = list(chain.from_iterable(split))
        numbers = {word: n for n, word in enumerate(content_words(set(every)))}
        found = np.fromiter(map(numbers.get, every, repeat(-1)), dtype=np.int64, count=len(every))
        line = np.repeat(np.arange(len(split)), np.fromiter(map(len, split), dtype=np.int64, count=len(split)))
        pairs = distinct(line[found >= 0] * max(1, len(numbers)) + found[found >= 0])
        line, word = np.divmod(pairs, max(1, len(numbers)))
        return cls(line, word, np.bincount(line, minlength=len(split)))

    def of_rows(self, rows: np.ndarray) -> Words:
        """The words of the lines `rows` (in that order), as a text of their own."""
        place = np.full(len(self.per_line), -1, dtype=np.int64)
        place[rows] = np.arange(len(rows))
        line = place[self.line]
        kept = line >= 0
        return Words(line[kept], self.word[kept], self.per_line[rows])

    def cohesion(self, inside: np.ndarray) -> np.ndarray:
        """For each line, the share of its content words that other lines `inside` (a block of sentences)
        use too: a sub-heading or a closing line speaks of what the article speaks of; a menu, another
        story's headline or a footer does not. MISSING for a line without content words, and for every
        line when no line is inside (a text without sentences says nothing of what its article is about)."""
        if not inside.any():
            return np.full(len(self.per_line), sequence.MISSING, dtype=np.float32)
        within = inside[self.line]
        used = np.bincount(self.word[within], minlength=int(self.word.max(initial=-1)) + 1)
        shared = (used[self.word] - within) > 0
        count = np.bincount(self.line, weights=shared, minlength=len(self.per_line))
        return np.where(self.per_line > 0, count / np.maximum(self.per_line, 1), sequence.MISSING).astype(np.float32)


def _long_spaceless(texts: list[str], chars: np.ndarray) -> np.ndarray:
    """Lines long enough to be a sentence in a script written without spaces (their words are not counted
    by spaces: a Chinese sentence is one or two space-separated runs)."""
    found = np.zeros(len(texts), dtype=bool)
    for n in np.flatnonzero(chars >= PROSE_SPACELESS_CHARS).tolist():
        found[n] = not texts[n].isascii() and is_spaceless(texts[n])
    return found


def _as_words(text: str, split: list[str]) -> list[str]:
    """The words a line's cohesion counts: its runs of \\w, a run of Chinese, Japanese or Thai as pairs."""
    return split if text.isascii() else spaceless_words(split)


def run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each flagged line, the length of the run of flagged lines it stands in; 0 for the others."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    lengths = edges[1::2] - edges[0::2]
    out = np.zeros(len(flags), np.float32)
    out[flags] = np.repeat(lengths, lengths)
    return out


def _main_block(prose: np.ndarray, chars: np.ndarray) -> tuple[int, int]:
    """The densest block of sentences: the run of lines [start, end) whose prose characters, less what
    its other lines cost, are the most (a maximum-sum run, from cumulative sums)."""
    gain = np.where(prose, chars, -(GAP_CHARS + 0.5 * chars)).astype(np.float64)
    total = np.concatenate([[0.0], np.cumsum(gain)])
    lowest = np.minimum.accumulate(total[:-1])
    end = int(np.argmax(total[1:] - lowest))
    start = int(np.argmin(total[: end + 1]))
    return start, end + 1


@dataclass(frozen=True)
class Sentences:
    """Where a text's prose stands: its main block of sentences, lines [start, end) (None when no line is
    prose), the share of its characters that are prose and, of those, the share in the main block. The
    line model reads them per line (main_before, main_after, prose_share, main_share); the layout model
    reads them of the whole text without the line model's table."""

    block: tuple[int, int] | None
    prose_chars: np.ndarray
    prose_share: float
    main_share: float

    @classmethod
    def of(cls, prose: np.ndarray, chars: np.ndarray) -> Sentences:
        prose_chars = np.where(prose, chars, 0.0)
        prose_total = float(prose_chars.sum())
        block = _main_block(prose, chars) if prose.any() else None
        main_share = float(prose_chars[block[0] : block[1]].sum()) / max(1.0, prose_total) if block else 0.0
        return cls(block, prose_chars, prose_total / max(1.0, float(chars.sum())), main_share)


@dataclass(frozen=True)
class Lines:
    """What each line is on its own (its shape: computed once per document) and its key (for repeats)."""

    own: dict[str, np.ndarray]
    keys: list[str]
    content: Words

    @classmethod
    def of(cls, texts: list[str]) -> Lines:
        n = len(texts)
        c = _counts(texts)
        split = [split_words(features.line_fold(text)) for text in texts]
        words, chars = c["words"], c["chars"]
        ends = np.fromiter(map(features.ends_sentence, texts), dtype=np.float32, count=n)
        own = {
            "chars": chars,
            "log_chars": np.log1p(chars),
            "log_words": np.log1p(words),
            "ends_sentence": ends,
            "ends_colon": np.fromiter((t.endswith(":") for t in texts), dtype=np.float32, count=n),
            "list_item": np.fromiter(map(features.starts_list_item, texts), dtype=np.float32, count=n),
            "punctuation": c["punctuation"] / words,
            "separators": c["separators"] / words,
            "digits": c["digits"] / np.maximum(chars, 1),
            "capitals": c["capitalised"] / words,
            "word_length": (chars - c["spaces"]) / words,
            "stopwords": _stopword_shares(split, words),
            "prose": ((ends > 0) & ((words >= PROSE_WORDS) | _long_spaceless(texts, chars))).astype(np.float32),
            "short": ((ends == 0) & (words <= SHORT_WORDS)).astype(np.float32),
        }
        return cls(own, list(map(features.line_key, texts)), Words.of(list(map(_as_words, texts, split))))

    def table(self, rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Every feature of the lines `rows` (default: all; indices in reading order), read as one text in
        that order. The table of all the lines is computed once (a whole page's first reading)."""
        if rows is None or len(rows) == len(self.keys):
            return self.whole
        own = {name: column[rows] for name, column in self.own.items()}
        return self._table(own, [self.keys[n] for n in rows], self.content.of_rows(rows))

    @cached_property
    def whole(self) -> dict[str, np.ndarray]:
        """The table of every line (read-only: it is shared)."""
        return self._table(self.own, self.keys, self.content)

    @staticmethod
    def _table(columns: dict[str, np.ndarray], keys: list[str], content: Words) -> dict[str, np.ndarray]:
        """The own columns of some lines, with what they are as one text: repeats, places, context."""
        chars, prose = columns["chars"], columns["prose"] > 0
        n = len(keys)
        counted = Counter(keys)
        columns = columns | {
            "repeats": np.array([counted[k] - 1 for k in keys], dtype=np.float32),
            "position": (np.cumsum(chars) - chars) / max(1.0, float(chars.sum())),
            "line_position": np.arange(n, dtype=np.float32) / max(1, n - 1),
            "short_run": run_lengths(columns["short"] > 0),
        }
        columns |= _context(columns, prose, chars, content)
        return {name: columns[name].astype(np.float32, copy=False) for name in FEATURES}


def line_table(texts: list[str]) -> dict[str, np.ndarray]:
    """Every feature of every line (normalised, non-blank) of a text, by name (the order of FEATURES)."""
    return Lines.of(texts).table()


def _context(
    columns: dict[str, np.ndarray], prose: np.ndarray, chars: np.ndarray, content: Words
) -> dict[str, np.ndarray]:
    """The neighbours' facts, the windows around each line, its place against the main block and how much
    it shares the words of the text's sentences."""
    n = len(prose)
    out = sequence.neighbours(columns, NEIGHBOURS)
    out |= sequence.window_means(columns, WINDOWED, {"window": WINDOW, "wide": WIDE_WINDOW})
    sentences = Sentences.of(prose, chars)
    out |= _cohesion(content, prose, sentences.block)
    prose_chars = sentences.prose_chars
    total = max(1.0, float(prose_chars.sum()))
    out["prose_before"] = (np.cumsum(prose_chars) - prose_chars) / total
    out["prose_after"] = 1.0 - out["prose_before"] - prose_chars / total
    index = np.arange(n)
    if sentences.block is not None:
        start, end = sentences.block
        out["main_before"] = np.minimum(np.maximum(start - index, 0), FAR).astype(np.float32)
        out["main_after"] = np.minimum(np.maximum(index - end + 1, 0), FAR).astype(np.float32)
    else:
        out["main_before"] = out["main_after"] = np.full(n, FAR, np.float32)
    out["main_share"] = np.full(n, sentences.main_share, np.float32)
    out["log_lines"] = np.full(n, math.log1p(n), np.float32)
    out["prose_share"] = np.full(n, sentences.prose_share, np.float32)
    return out


def _cohesion(content: Words, prose: np.ndarray, block: tuple[int, int] | None) -> dict[str, np.ndarray]:
    """`cohesion` with the main block of sentences and its windows around each line (a line without
    content words counts as sharing none; all MISSING when the text has no block), and `prose_cohesion`
    with every prose line."""
    inside = np.zeros(len(prose), dtype=bool)
    if block is not None:
        inside[block[0] : block[1]] = True
    found = content.cohesion(inside)
    widths = {"window": WINDOW, "wide": WIDE_WINDOW}
    windows = sequence.window_means({"cohesion": np.maximum(found, 0.0)}, ("cohesion",), widths)
    if block is None:
        windows = {name: np.full_like(column, sequence.MISSING) for name, column in windows.items()}
    return {"cohesion": found, "prose_cohesion": content.cohesion(prose)} | windows


NEIGHBOURS = {
    "log_words": (1, -1, 2, -2),
    "ends_sentence": (1, -1, 2, -2),
    "stopwords": (1, -1),
    "punctuation": (1, -1),
    "capitals": (1, -1),
}
WINDOWED = ("ends_sentence", "log_words", "stopwords", "prose", "capitals")


def _feature_names() -> tuple[str, ...]:
    own = (
        "log_chars", "log_words", "ends_sentence", "ends_colon", "list_item", "punctuation", "separators",
        "digits", "capitals", "word_length", "stopwords", "repeats", "position", "line_position",
        "prose", "short_run",
    )  # fmt: skip
    neighbours = sequence.neighbour_names(NEIGHBOURS)
    windows = tuple(f"{kind}_{name}" for name in WINDOWED for kind in ("window", "wide"))
    place = ("prose_before", "prose_after", "main_before", "main_after", "main_share")
    words = ("cohesion", "window_cohesion", "wide_cohesion", "prose_cohesion")
    return (*own, *neighbours, *windows, *place, "log_lines", "prose_share", *words)


FEATURES: tuple[str, ...] = _feature_names()
