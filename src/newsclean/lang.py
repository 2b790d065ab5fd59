"""The language of a document (ISO 639-1), by py3langid's naive Bayes model over byte n-grams.

Read from a sample of the lines that may be body, long lines first: sentences say more about a language
than menus and labels, which are often in English on any site. The model walks the sample byte by byte in
Python (about 0.5 ms per 1,000 characters on this machine), so the sample is bounded. A sample that is too
short, or a verdict the model is unsure of, gives None (unknown): then every phrase rule applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 400  # enough for the devset's languages (see the README), at a fraction of a full body's cost
MIN_CHARS = 30  # under this the model guesses
MIN_CONFIDENCE = 0.5  # its probability (normalised over languages) of the language it names
LONG_LINE_CHARS = 60  # lines at least this long are sampled first


@cache
def identifier() -> LanguageIdentifier:
    """The shipped model, loaded once per process (about 1.5 s), restricted to the languages that have a
    two-letter ISO 639-1 code (the model also knows some by three-letter codes only)."""
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages([code for code in model.labels if len(code) == 2])
    return model


def detect(lines: Iterable[str]) -> str | None:
    """The language of a document given its lines that may be body, or None when the model cannot tell."""
    sample = _sample(list(lines))
    if len(sample) < MIN_CHARS:
        return None
    code, confidence = identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else None


def _sample(lines: list[str]) -> str:
    """Up to SAMPLE_CHARS of the long lines in reading order, topped up with the shorter ones."""
    ordered = [line for line in lines if len(line) >= LONG_LINE_CHARS]
    ordered += [line for line in lines if len(line) < LONG_LINE_CHARS]
    taken: list[str] = []
    size = 0
    for line in ordered:
        if size >= SAMPLE_CHARS:
            break
        taken.append(line[: SAMPLE_CHARS - size])
        size += len(taken[-1]) + 1
    return "\n".join(taken)
