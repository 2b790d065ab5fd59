"""Properties over generated documents that mix body paragraphs with every kind of boilerplate line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.clean import clean_text
from newsclean.model import Article
from newsclean.normalise import normalise_text
from newsclean.roles.features import alpha_words, ends_sentence

WORDS = (
    "the council said on monday that new homes would be built near the river after years of delay "
    "residents welcomed plan while critics warned about costs and traffic in city centre"
).split()

sentence = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=30),
    st.sampled_from(".!?"),
)
boilerplate = st.sampled_from(
    [
        "READ MORE: Council approves budget",
        "Advertisement",
        "Share this article",
        "Trending Now",
        "Back to top button",
        "Photo: Jane Doe/Reuters",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Related Articles",
        "Sign up for our daily newsletter",
        "Published 12 March 2023, 14:05 GMT",
        "By Jane Doe and John Roe",
        "— City Council (@citycouncil) March 3, 2023",
        "A crane stands over the river site in the city centre",
        "3 Comments",
        "Reply",
        "Liked by 2 people",
        "View this post on Instagram",
        "https://youtu.be/dQw4w9WgXcQ",
        "A post shared by Jane Doe (@janedoe)",
        "Click here to subscribe",
        "5 min read",
        "News",
    ]
)
noise = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
line = st.one_of(sentence, sentence, sentence, boilerplate, noise)
document = st.lists(line, min_size=1, max_size=40).map("\n".join)
spaced_document = st.lists(line, min_size=1, max_size=40).map("\n\n".join)

PROPERTY_SETTINGS = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(st.one_of(document, spaced_document))
def test_cleaning_never_fails_and_accounts_for_every_line(text: str) -> None:
    outcome = clean_text(text)
    if not isinstance(outcome, Article):
        assert outcome.reason != "internal_error", outcome.detail
        return
    lines = [ln for ln in normalise_text(text).split("\n") if ln]
    assert [s.text for s in outcome.segments] == lines
    assert [s.seq for s in outcome.segments] == list(range(len(lines)))
    assert all(s.role and s.rule for s in outcome.segments)


@PROPERTY_SETTINGS
@given(st.one_of(document, spaced_document))
def test_the_body_holds_only_input_text(text: str) -> None:
    outcome = clean_text(text)
    if isinstance(outcome, Article):
        lines = set(normalise_text(text).split("\n"))
        assert all(p in lines for p in outcome.paragraphs)
        assert outcome.body == "\n\n".join(outcome.paragraphs)


def reads_as_headline(paragraph: str) -> bool:
    """An unstopped standfirst opening a body: once its headline is gone, it is one."""
    return not ends_sentence(paragraph) and 3 <= len(alpha_words(paragraph)) <= 40


@PROPERTY_SETTINGS
@given(st.one_of(document, spaced_document))
def test_cleaning_a_cleaned_body_changes_nothing(text: str) -> None:
    """Idempotence, with the one documented exception: a body holding an unstopped standfirst (body
    per the contract) gives that line up as the title when cleaned again, and nothing else."""
    outcome = clean_text(text)
    if not isinstance(outcome, Article):
        return
    again = clean_text(outcome.body)
    if isinstance(again, Article) and again.body == outcome.body:
        return
    # the exception: an unstopped standfirst, first of the body's headline-shaped lines, became the title
    standfirst = next(p for p in outcome.paragraphs if reads_as_headline(p))
    assert getattr(again, "title", standfirst) == standfirst, again
    rest = list(outcome.paragraphs)
    rest.remove(standfirst)
    assert getattr(again, "paragraphs", []) == rest
