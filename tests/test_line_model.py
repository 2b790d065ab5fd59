"""The text path's line model (newsclean.roles.model): its features are the code's, its decisions carry rule
names from the vocabulary, and on a whole-page dump it takes out the menus and lists and keeps the article."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.assemble import assemble
from newsclean.learn import train
from newsclean.learn.models import LINES, load
from newsclean.model import Article, RawRecord
from newsclean.normalise import normalise_text
from newsclean.roles import PASSES, assign_roles, line_model_passes
from newsclean.roles.line_features import FEATURES, line_table
from newsclean.roles.model import TASK, line_model
from newsclean.segment import segment_lines
from newsclean.vocab import Role, Rule

MENU = ["Home", "News", "Sport", "Business", "Entertainment", "Videos", "Opinion", "Lifestyle", "Travel"]
ARTICLE = [
    "Council approves plan for new homes by the river",
    "The city council voted on Monday to approve a plan for 400 new homes near the river, ending a dispute "
    "that has run for more than six years.",
    "Residents who had campaigned for the scheme welcomed the decision, saying that young families had been "
    "priced out of the area for too long.",
    "Critics warned that the roads around the site could not take the extra traffic, and that the cost of new "
    "schools and surgeries had not been counted.",
    "The first homes are expected to be finished in the spring of 2026, according to the developer.",
]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Terms of use", "Site map", "Customer Service", "Shop"]
PAGE = "\n".join([*MENU, *ARTICLE, *FOOTER]) + "\n"


def clean_text(text: str) -> Article:
    """The text path's steps with the line model as the last pass (not the default: see roles/__init__)."""
    segments = segment_lines(normalise_text(text))
    doc = assign_roles(segments, line_model_passes())
    return assemble(RawRecord("text", "text.txt", "txt", text.encode()), segments, doc.lang)


def page() -> Article:
    return clean_text(PAGE)


def test_the_shipped_model_reads_the_features_the_code_computes() -> None:
    model = load(LINES)
    assert model.features == FEATURES == TASK.features
    assert line_model() is line_model()  # checked and loaded once
    assert train.tasks()[LINES] is TASK
    assert set(model.info["trained_on"]) == {"dragnet", "readability"}  # the corpora whose licences allow it


def test_the_table_has_every_named_feature_for_every_line() -> None:
    texts = [s.text for s in segment_lines(PAGE.strip())]
    table = line_table(texts)
    assert tuple(table) == FEATURES
    assert all(column.shape == (len(texts),) and np.isfinite(column).all() for column in table.values())


def test_character_counts_equal_their_plain_definitions() -> None:
    texts = ["Élan Vital and Über 42 things.", "ÀB cd, ef; GH!", "12 34 | 56 • x", "ok"]
    table = line_table(texts)
    words = np.array([len(t.split(" ")) for t in texts], np.float32)
    capitalised = np.array([sum(w[0].isupper() for w in t.split(" ")) for t in texts], np.float32)
    digits = np.array([sum(c.isdigit() for c in t) / len(t) for t in texts], np.float32)
    punctuation = np.array([sum(c in ".,;:!?" for c in t) for t in texts], np.float32) / words
    np.testing.assert_allclose(table["log_words"], np.log1p(words), rtol=1e-6)
    np.testing.assert_allclose(table["capitals"], capitalised / words, rtol=1e-6)
    np.testing.assert_allclose(table["digits"], digits, rtol=1e-6)
    np.testing.assert_allclose(table["punctuation"], punctuation, rtol=1e-6)


def test_a_menu_run_and_a_footer_list_are_taken_out() -> None:
    segments = {s.text: s for s in page().segments}
    for item in (*MENU, *FOOTER):
        assert segments[item].role != Role.BODY, (item, segments[item].rule)
    assert any(segments[item].rule == Rule.CHROME_MODEL for item in (*MENU, *FOOTER))


def test_the_article_paragraphs_stay_body_by_the_model() -> None:
    article = page()
    for paragraph in ARTICLE[1:]:
        assert paragraph in article.paragraphs
    kept = [s for s in article.segments if s.text in ARTICLE[1:]]
    assert {s.rule for s in kept} <= {Rule.BODY_MODEL}
    assert all(0.0 <= float(s.matched) <= 1.0 for s in kept)  # the model's score is what fired


def test_every_decision_carries_a_rule_name_whose_role_it_gives() -> None:
    for seg in page().segments:
        assert seg.rule is not None and seg.role == seg.rule.partition(".")[0]
        if seg.rule in (Rule.BODY_MODEL, Rule.CHROME_MODEL):
            assert seg.matched is not None and float(seg.matched) >= 0.0


def test_cleaning_the_cleaned_body_again_keeps_it_whole() -> None:
    article = page()
    again = clean_text(article.body)
    assert isinstance(again, Article)
    assert again.paragraphs == article.paragraphs


def test_a_short_note_with_no_article_around_it_stays_body() -> None:
    outcome = clean_text("Back in ten minutes\nKeys are under the mat\n")
    assert isinstance(outcome, Article)
    assert outcome.paragraphs == ["Back in ten minutes", "Keys are under the mat"]


@pytest.mark.parametrize("with_model", [True, False])
def test_the_default_passes_are_the_rules_alone(with_model: bool) -> None:
    doc = assign_roles(segment_lines(PAGE.strip()), line_model_passes() if with_model else PASSES)
    model_rules = {s.rule for s in doc.segments} & {Rule.BODY_MODEL, Rule.CHROME_MODEL}
    assert bool(model_rules) == with_model
