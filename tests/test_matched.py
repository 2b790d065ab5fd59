"""`segments.matched`: what fired for each decided segment (the phrase, pattern, CSS selector, what a rule
read, or the body model's score), and the language-specific phrase tables applied by the document's
language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings

from newsclean.clean import clean_record, clean_text
from newsclean.model import Article, RawRecord, Segment
from newsclean.roles import assign_roles, phrases
from newsclean.roles.lines import line_rules
from newsclean.roles.related import heading_rules
from newsclean.vocab import Rule
from tests.conftest import RAW, examples
from tests.test_speed_identity import PHRASE_LINES, document_lines

# Rules that decide on nothing that fired: what no rule claimed is body.
NOTHING_FIRED = frozenset({Rule.BODY_DEFAULT})


def seed(name: str) -> Article:
    path = next(RAW.glob(f"{name}_*.txt"))
    found = clean_text(path.read_text(), path.stem)
    assert isinstance(found, Article)
    return found


def by_text(article: Article, start: str) -> Segment:
    return next(s for s in article.segments if s.text.startswith(start))


def test_seed_003_names_the_phrase_of_each_comment_form_line_and_the_thread_of_the_comment() -> None:
    article = seed("003")
    form = [s for s in article.segments if s.role == "comment_form"]
    assert len(form) >= 8
    for seg in form:
        rule = phrases.rule_named("comments", seg.rule)
        assert seg.matched in rule.phrases, (seg.text, seg.matched)
        assert phrases.compile_rule("one", rule.role, rule.match, [seg.matched]).matches(seg.text)
    assert by_text(article, "Leave a Reply").matched == "Leave a Reply"
    assert by_text(article, "Connecting to %s").matched == "Connecting to %s"
    comment = by_text(article, "That’s ten battalion tactical groups")
    assert (comment.role, comment.rule, comment.matched) == ("comment", Rule.COMMENT_THREAD, "One comment")
    header = by_text(article, "One comment")
    assert header.rule == Rule.COMMENT_THREAD_HEADER and header.matched.startswith("(?i)^")


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_every_decided_seed_segment_says_what_fired(name: str) -> None:
    for seg in seed(name).segments:
        assert (seg.matched is None) == (seg.rule in NOTHING_FIRED), (seg.rule, seg.text)


def test_rules_that_read_other_lines_name_them() -> None:
    lines = [
        "Council Approves New Homes Near The River",
        "By Jane Doe, Political Reporter",
        "March 3, 2023 5:30 PM CET",
        "The council approved the plan on Monday after a long debate.",
        "Workers lay the foundations of the first homes beside the river in Eastmouth",
        "Photo: Jo Li/Reuters",
        "The first residents are expected to move in next spring, officials said.",
        "The first residents are expected to move in next spring, officials said.",
    ]
    segments = assign_roles([Segment(i, line) for i, line in enumerate(lines)]).segments
    got = {s.seq: (s.rule, s.matched) for s in segments}
    assert got[1] == (Rule.BYLINE_BY_LINE, "By")
    assert got[2] == (Rule.DATE_LINE, "2023-03-03T16:30:00+00:00")
    assert got[5][0] == Rule.CAPTION_CREDIT_PREFIX and got[5][1] is not None
    assert got[7] == (Rule.DUPLICATE_REPEATED_LINE, "seq 6")


@settings(max_examples=examples(400), deadline=None)
@given(document_lines)
def test_what_fired_alone_matches_the_line_the_rule_matched(lines: list[str]) -> None:
    """The fast matching finds the rule; `fired` names a phrase or pattern of that rule which, as a rule of
    its own, matches the line too."""
    lines = [line for line in lines if line and "\n" not in line]
    rules = line_rules()
    for line, rule in zip(lines, rules.match_lines(lines), strict=True):
        if rule is not None:
            fired = rule.fired(line)
            assert fired in rule.phrases, (rule.name, line)
            assert phrases.compile_rule("one", rule.role, rule.match, [fired]).matches(line), (rule.name, line)


def test_every_phrase_line_names_what_fired() -> None:
    rules = line_rules()
    matched = [(line, rule) for line, rule in zip(PHRASE_LINES, rules.match_lines(PHRASE_LINES), strict=True) if rule]
    assert len(matched) > 100
    for line, rule in matched:
        assert rule.fired(line) in rule.phrases, (rule.name, line)


LANGUAGE_TABLES = """
[heading_de]
match = "exact"
languages = ["de"]
phrases = ["Mehr zum Thema"]
"""


def test_a_language_table_speaks_for_its_language_and_for_unknown_ones_only() -> None:
    rule = phrases.load("related")
    german = next(r for r in rule if r.name == "related.heading_de")
    assert german.languages == {"de"}
    assert german.applies_to("de") and german.applies_to(None) and not german.applies_to("en")
    everyone = next(r for r in rule if r.name == "related.heading")
    assert everyone.applies_to("en") and everyone.applies_to("de")
    assert german not in heading_rules().for_language("en").rules
    assert german in heading_rules().for_language("de").rules
    assert heading_rules().for_language(None) is heading_rules()


def test_bad_languages_are_refused() -> None:
    with pytest.raises(ValueError, match="ISO 639-1"):
        phrases._languages("t", {"languages": ["german"]})


GERMAN = (
    "Der Stadtrat hat am Montag nach einer langen Debatte den Plan für neue Wohnungen am Fluss beschlossen.",
    "Die ersten Bewohner sollen im nächsten Frühjahr einziehen, sagte die Bürgermeisterin am Abend.",
)
ENGLISH = (
    "The council approved the plan for new homes by the river on Monday after a long debate.",
    "The first residents are expected to move in next spring, the mayor said in the evening.",
)


def test_a_german_heading_is_related_in_a_german_text_and_left_alone_in_an_english_one() -> None:
    german = clean_text("\n".join([GERMAN[0], "Ähnliche Artikel", "Neue Brücke eröffnet", GERMAN[1]]))
    assert isinstance(german, Article) and german.lang == "de"
    assert by_text(german, "Ähnliche Artikel").rule == "related.heading_de"
    assert by_text(german, "Ähnliche Artikel").matched == "Ähnliche Artikel"
    assert by_text(german, "Neue Brücke").matched == "Ähnliche Artikel"  # the headline names its heading
    english = clean_text("\n".join([ENGLISH[0], "Ähnliche Artikel", ENGLISH[1]]))
    assert isinstance(english, Article) and english.lang == "en"
    assert by_text(english, "Ähnliche Artikel").rule != "related.heading_de"


def test_a_spanish_lead_in_is_a_promo_in_a_spanish_text_only() -> None:
    spanish = (
        "El ayuntamiento aprobó el lunes el plan de nuevas viviendas junto al río tras un largo debate.",
        "Los primeros vecinos podrán mudarse la próxima primavera, dijo la alcaldesa por la tarde.",
    )
    promo = "LE PUEDE INTERESAR: El puerto amplía su horario"
    found = clean_text("\n".join([spanish[0], promo, spanish[1]]))
    assert isinstance(found, Article) and found.lang == "es"
    assert (by_text(found, promo).rule, by_text(found, promo).matched) == ("promo.read_more_es", "Le puede interesar")
    english = clean_text("\n".join([ENGLISH[0], promo, ENGLISH[1]]))
    assert isinstance(english, Article) and by_text(english, promo).rule != "promo.read_more_es"


PAGE = """<html lang="en"><head><title>Harbour wall</title></head><body><article><h1>Harbour wall to be rebuilt</h1>
<p>{p1}</p><figure><img src="a.jpg"><figcaption>Workers on the harbour wall in Eastmouth on Monday</figcaption>
</figure><p>{p2}</p>
<blockquote class="twitter-tweet"><p>The wall is going up!</p>&mdash; Eastmouth Council (@eastmouthcc)
<a href="https://twitter.com/eastmouthcc/status/1">March 3, 2023</a></blockquote>
<p>{p3}</p></article>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><p>Your email address will not be
published.</p></form></div></body></html>"""


def test_a_page_names_the_selector_that_took_each_block_and_the_model_score_of_the_others() -> None:
    sentences = [
        "The harbour wall in Eastmouth will be rebuilt over the next two years, the council said on Monday.",
        "Engineers found that storms had loosened the old stones along most of its length last winter.",
        "The work will cost four million pounds, most of it paid by the national flood defence fund.",
    ]
    html = PAGE.format(p1=sentences[0] * 2, p2=sentences[1] * 2, p3=sentences[2] * 2)
    found = clean_record(RawRecord("page", "page.html", "html", html.encode(), payload="html"))
    assert isinstance(found, Article)
    assert by_text(found, "Workers on the harbour wall").matched == "figcaption"
    assert by_text(found, "The wall is going up").matched == "blockquote.twitter-tweet"
    assert by_text(found, "Leave a Reply").matched == "#respond"
    body = by_text(found, sentences[0])
    assert body.rule in (Rule.BODY_MODEL, Rule.BODY_QUICK_MODEL, Rule.BODY_EXTRACTOR_FALLBACK)
    assert re.fullmatch(r"[01]\.\d{3}", body.matched or ""), body.matched
    assert [s.seq for s in found.segments] == list(range(len(found.segments)))
    order = [found.segments.index(by_text(found, t)) for t in (sentences[0], "Workers on", sentences[1], sentences[2])]
    assert order == sorted(order), "page order"


def test_matched_reaches_the_segments_table(tmp_path: Path) -> None:
    from newsclean.write.schema import segment_rows

    rows = segment_rows(seed("003"))
    assert {row["matched"] for row in rows if row["text"] == "Leave a Reply"} == {"Leave a Reply"}
