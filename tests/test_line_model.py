"""The text path's line and layout models (newsclean.roles.model, newsclean.roles.layout): their features are
the code's, their decisions carry rule names from the vocabulary; on a whole-page dump the line model takes out
the menus and lists and keeps the article, and on article text the layout model leaves the rules' verdict."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.assemble import assemble
from newsclean.learn import sequence, train
from newsclean.learn.models import LAYOUT, LINES, load
from newsclean.model import Article, RawRecord
from newsclean.normalise import normalise_text
from newsclean.roles import PASSES, RULES_ALONE, assign_roles, layout, line_model_passes
from newsclean.roles.line_features import FEATURES, Lines, line_table
from newsclean.roles.model import TASK, layout_model, line_model
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
# An article region as a readability-style scraper prints it: the title, a standfirst, paragraphs, a
# sub-heading and a short list, nothing of the page around it.
ARTICLE_TEXT = [
    ARTICLE[0],
    "A six-year dispute over the riverside site is over.",
    *ARTICLE[1:3],
    "What happens next",
    *ARTICLE[3:],
    "The plan includes:",
    "a new primary school",
    "a health centre",
    "Work on the first phase starts in March, and the developer says the roads will be widened before any "
    "homes are sold.",
]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Terms of use", "Site map", "Customer Service", "Shop"]
PAGE = "\n".join([*MENU, *ARTICLE, *FOOTER]) + "\n"


def clean_text(text: str) -> Article:
    """The text path's steps (the default passes: the rules, then the layout and line models)."""
    segments = segment_lines(normalise_text(text))
    doc = assign_roles(segments, PASSES)
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


def test_window_means_equal_the_plain_mean_of_each_window() -> None:
    rng = np.random.default_rng(7)
    columns = {name: rng.random(23).astype(np.float32) for name in ("a", "b")}
    found = sequence.window_means(columns, ("a", "b"), {"window": 3, "wide": 10})
    for kind, width in (("window", 3), ("wide", 10)):
        for name, column in columns.items():
            plain = [column[max(0, n - width) : n + width + 1].astype(np.float64).mean() for n in range(23)]
            np.testing.assert_allclose(found[f"{kind}_{name}"], plain, rtol=1e-6)


def test_a_subset_of_lines_is_read_as_a_text_of_its_own_and_all_of_them_share_one_table() -> None:
    texts = [s.text for s in segment_lines(PAGE.strip())]
    lines = Lines.of(texts)
    assert lines.table() is lines.table(np.arange(len(texts)))  # all the lines: one table, computed once
    rows = np.arange(0, len(texts), 2)
    subset = lines.table(rows)
    alone = line_table([texts[n] for n in rows])
    assert all(np.array_equal(subset[name], alone[name]) for name in FEATURES)


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


@pytest.mark.parametrize(("passes", "with_model"), [(PASSES, True), (line_model_passes(), True), (RULES_ALONE, False)])
def test_the_default_passes_run_the_line_model_and_the_rules_alone_do_not(passes: tuple, with_model: bool) -> None:
    doc = assign_roles(segment_lines(PAGE.strip()), passes)
    model_rules = {s.rule for s in doc.segments} & {Rule.BODY_MODEL, Rule.CHROME_MODEL}
    assert bool(model_rules) == with_model


def test_the_shipped_layout_model_reads_the_features_the_code_computes() -> None:
    model = load(LAYOUT)
    assert model.features == layout.FEATURES == layout.TASK.features
    assert layout_model() is layout_model()
    assert train.tasks()[LAYOUT] is layout.TASK
    assert set(model.info["trained_on"]) == {"dragnet", "readability"}


def test_the_layout_row_has_every_named_feature_once() -> None:
    row = layout.layout_row(Lines.of([s.text for s in segment_lines(PAGE.strip())]), 30)
    assert tuple(row) == layout.FEATURES
    assert all(column.shape == (1,) and np.isfinite(column).all() for column in row.values())


@pytest.mark.parametrize("step", [1, 2, 3])
def test_the_layout_row_reads_what_the_line_table_says_of_the_same_lines(step: int) -> None:
    """The layout row is computed without the line model's table; it must say what that table says."""
    texts = [s.text for s in segment_lines(PAGE.strip())] + ARTICLE_TEXT
    lines, rows = Lines.of(texts), np.arange(0, len(texts), step)
    table, chars = lines.table(rows), lines.own["chars"].astype(np.float64)[rows]
    inside = (table["main_before"] <= 0) & (table["main_after"] <= 0)
    plain = {
        "undecided_share": len(rows) / 50,
        "log_lines": np.log1p(len(rows)),
        "prose_share": table["prose_share"][0],
        "main_share": table["main_share"][0],
        "main_chars": chars[inside].sum() / max(1.0, chars.sum()),
        "main_lines": inside.mean(),
        "menu_lines": (table["short_run"] >= layout.MENU_RUN).mean(),
        "short_lines": (np.expm1(table["log_words"]) <= layout.SHORT_WORDS).mean(),
        **{name: table[name].mean() for name in ("stopwords", "capitals", "separators")},
        "sentence_lines": table["ends_sentence"].mean(),
    }
    row = layout.layout_row(lines, 50, rows)
    assert 0 < plain["main_lines"] < 1
    assert {name: row[name].tolist() for name in layout.FEATURES} == {
        name: np.array([plain[name]], dtype=np.float32).tolist() for name in layout.FEATURES
    }


def test_article_text_is_left_to_the_rules_and_named_so() -> None:
    article = clean_text("\n".join(ARTICLE_TEXT) + "\n")
    body = [s for s in article.segments if s.role == Role.BODY]
    assert {s.rule for s in article.segments} & {Rule.BODY_MODEL, Rule.CHROME_MODEL} == set()
    assert {s.rule for s in body} == {Rule.BODY_ARTICLE_TEXT}
    assert all(s.matched is not None and 0.0 <= float(s.matched.removeprefix("layout ")) < 0.5 for s in body)
    for line in ("What happens next", "a new primary school", "a health centre", *ARTICLE[1:]):
        assert line in article.paragraphs


def test_the_rules_alone_and_article_text_agree_on_every_role() -> None:
    """On text the layout model reads as article, the default passes give each line the role the rules alone
    give it: only the rule name tells that the layout model was asked."""
    text = "\n".join(ARTICLE_TEXT)
    default = assign_roles(segment_lines(text), PASSES).segments
    rules = assign_roles(segment_lines(text), RULES_ALONE).segments
    assert [s.role for s in default] == [s.role for s in rules]


def test_on_a_whole_page_the_model_decides_the_standfirst_and_on_article_text_the_rules_do() -> None:
    """Between a whole page's first headline and first paragraph stand teasers as often as a standfirst: the
    model reads those lines there; on article text the header rules' standfirst stands."""
    teaser = "Mayor opens the new bridge over the river with a parade and fireworks"
    page_text = "\n".join([*MENU, ARTICLE[0], teaser, *ARTICLE[1:], *FOOTER])
    rules = {s.text: s.rule for s in assign_roles(segment_lines(page_text), RULES_ALONE).segments}
    assert rules[teaser] == Rule.BODY_STANDFIRST
    default = {s.text: s.rule for s in assign_roles(segment_lines(page_text), PASSES).segments}
    assert default[teaser] in (Rule.BODY_MODEL, Rule.CHROME_MODEL)
    standfirst = "A six-year dispute over the riverside site is over, and the builders can start in spring"
    article_text = "\n".join([ARTICLE_TEXT[0], standfirst, *ARTICLE_TEXT[2:]])
    default = {s.text: s.rule for s in assign_roles(segment_lines(article_text), PASSES).segments}
    assert default[standfirst] == Rule.BODY_STANDFIRST
