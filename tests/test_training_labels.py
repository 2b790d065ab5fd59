"""The body model's training labels (bench/training_data.py): a label says what the contract counts as article
body, so that the model learns newsclean's contract and not an artefact of how a block was matched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from training_data import copy_held

SENTENCE = "players and critics are hardwired to classify and index the games they play"


@pytest.mark.parametrize(
    ("before", "gold", "held"),
    [
        (0, SENTENCE, True),  # a first copy is labelled by its words alone
        (1, SENTENCE, False),  # the article printed twice, once in the gold: its second copy is not body
        (1, f"{SENTENCE} {SENTENCE}", True),  # copies printed one after another share the space between them
        (2, f"{SENTENCE} x {SENTENCE}", False),
    ],
)
def test_the_nth_copy_of_a_repeated_sentence_is_body_only_when_the_gold_holds_it_n_times(
    before: int, gold: str, held: bool
) -> None:
    assert copy_held(SENTENCE, before, gold) == held


def test_a_short_repeated_block_is_labelled_as_its_first_copy() -> None:
    """A table of contents repeats the headings the article holds once: which copy is the article's is not
    told by counting."""
    assert copy_held("introduction", 1, "introduction some text of the article")
