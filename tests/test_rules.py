"""The rule data and the small rule predicates, one by one."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from newsclean.model import Segment
from newsclean.roles import RULES_ALONE, Doc, assign_roles, phrases
from newsclean.text.bylines import byline_name
from newsclean.text.embed_lines import read_embed_line
from newsclean.text.features import ends_sentence, key, starts_list_item, word_count
from newsclean.text.tweets import parse_signature
from newsclean.vocab import Rule
from tests.conftest import REPO

KINDS = ("chrome", "promos", "related", "comments", "captions", "embeds")


@pytest.mark.parametrize("kind", KINDS)
def test_every_phrase_file_loads_into_named_rules(kind: str) -> None:
    rules = phrases.load(kind)
    assert rules, kind
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    for rule in rules:
        assert rule.phrases, rule.name
        assert rule.name.startswith(f"{rule.role}.")


@pytest.mark.parametrize("kind", KINDS)
def test_every_listed_phrase_matches_a_line_that_holds_it(kind: str) -> None:
    """A phrase is compared in the form lines are (`key`: trimmed of brackets, quotes and end punctuation): one
    written with a bracket at its start ("(c) 20") would never fire. Prefixes are tried with words after them,
    `contains` phrases with words around them."""
    framed = {"exact": "{}", "prefix": "{} and more", "contains": "more {} and more"}
    listed = [r for r in phrases.load(kind) if r.match in framed]
    assert [(r.name, p) for r in listed for p in r.phrases if not r.matches(framed[r.match].format(p))] == []


def test_rule_names_are_unique_across_files() -> None:
    names = [r.name for kind in KINDS for r in phrases.load(kind)]
    assert len(names) == len(set(names))


def test_no_seed_sentence_is_written_into_the_library(shared: Path) -> None:
    """Rules are for kinds of lines, never for the seeds' own sentences."""
    seed_lines = {
        key(line)
        for path in (shared / "seeds" / "raw").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) >= 5
    }
    library = " ".join(
        key(p.read_text(encoding="utf-8")) for p in (REPO / "src").rglob("*") if p.suffix in {".py", ".toml"}
    )
    found = [line for line in seed_lines if line in library]
    assert not found


def test_phrase_data_ships_with_the_package() -> None:
    folder = resources.files("newsclean.roles").joinpath("phrases")
    assert {f"{kind}.toml" for kind in KINDS} <= {p.name for p in folder.iterdir()}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("He said it was over.", True),
        ("“It is over,” he said.”", True),
        ("Sie sagte: „Es ist vorbei.“", True),
        ("Is it over?", True),
        ("A view of the harbour at dawn", False),
        ("Restday 😀", False),
        ("Sources:", False),
        ("It became an official language in 2006. [280]", True),
        ('"... a more web literate planet." [69] [70] [70]', True),
        ("Protesters gather in the square [Reuters]", False),
        ("Samoan is spoken by 2.2% [n 10]", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert ends_sentence(line) is expected


@pytest.mark.parametrize("line", ["1. Check the tyres", "• Flour", "- two eggs", "a) the first"])
def test_list_items_are_recognised(line: str) -> None:
    assert starts_list_item(line)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("Written by Camilla Jessen", "Camilla Jessen"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Ann Lee, Science Correspondent", "Ann Lee"),
        ("BY MARK O'NEILL | 12 March 2023", "MARK O'NEILL"),
        ("By Jane Doe 14 March 2024", "Jane Doe"),
        ("By Jane Doe / Sunday", "Jane Doe"),
        ("By Jane Doe / the Foreign Desk", None),  # names no date: not handed to the date parser
        ("By the end of the year, prices had doubled.", None),
        ("By Monday the council had agreed to it", None),
    ],
)
def test_byline_name(line: str, name: str | None) -> None:
    assert byline_name(line) == name


def test_tweet_signature_is_parsed() -> None:
    parsed = parse_signature("— City of Leeds (@leedscc) March 3, 2023")
    assert parsed is not None
    prefix, embed = parsed
    assert prefix == ""
    assert (embed.kind, embed.author, embed.handle, embed.date) == (
        "tweet",
        "City of Leeds",
        "leedscc",
        date(2023, 3, 3),
    )


def test_a_sentence_naming_a_handle_is_not_a_signature() -> None:
    assert parse_signature("The mayor (@leedsmayor) said on Friday that the plan was dead.") is None


def test_a_whole_line_embed_is_read_with_the_rule_named_by_its_table_key() -> None:
    found = read_embed_line("A post shared by Mara Quinn (@maraquinn) on Jun 5, 2023 at 10:12am PDT")
    assert found is not None
    assert found.rule == "embed.instagram"  # the table key, under the embed role
    assert (found.embed.kind, found.embed.author, found.embed.handle) == ("instagram", "Mara Quinn", "maraquinn")
    assert found.embed.date == date(2023, 6, 5)
    link = read_embed_line("https://twitter.com/leedscc/status/1234567890")
    assert link is not None and (link.rule, link.embed.kind) == ("embed.tweet_link", "tweet")
    assert link.embed.links == ("https://twitter.com/leedscc/status/1234567890",)


def test_a_line_that_only_names_an_embed_is_not_one() -> None:
    assert read_embed_line("She shared a post on instagram.com/p/abc yesterday.") is None


def roles_of(*lines: str) -> list[tuple[str | None, str | None]]:
    segments = [Segment(i, line) for i, line in enumerate(lines)]
    doc: Doc = assign_roles(segments, RULES_ALONE)  # the named rules, without the layout and line models
    return [(s.role, s.rule) for s in doc.segments]


def test_a_line_of_chinese_counts_its_pairs_of_characters_as_words() -> None:
    """A Chinese sentence is one space-separated run: counted by its spaces it was one word, and a blog's
    paragraphs between its title and its first full stop read as short header furniture (a Readability
    test page lost its whole text so)."""
    assert word_count("我还有话想对你说") == 7
    assert word_count("Jam Hsiao: 只能想念你") == 6
    assert word_count("Hello, world") == 2
    result = roles_of(
        "新竹尖石 美樹營地賞楓 史蒂文的家",
        "一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣",
        "第二次造訪美樹發現到營區變了 印象中以前生冷招牌換成了原木招牌",
        "廣受歡迎的美樹營地有個很大特色就是楓紅時期楓香樹由綠轉黃、轉紅到楓紅層層。",
        "同樣的造型加上不同色彩 宛如賦予不同的生命力一般 cool!",
    )
    assert result[1:3] == [("body", "body.standfirst")] * 2
    assert result[3:] == [("body", "body.default")] * 2


def test_an_unstopped_paragraph_of_three_sentences_under_the_byline_is_no_caption() -> None:
    """Below the byline an unstopped line is a lead picture's caption, unless it holds more sentences than
    a caption does: then it is a paragraph that lost its last full stop (CleanEval's forum questions)."""
    question = (
        "I am expecting our first child in a month. I would like to learn how people do their laundry. "
        "There are expensive, special detergents for baby clothes"
    )
    caption = "The new homes will stand on the river bank near the old mill in the city centre"
    paragraph = "The council approved the plan on Monday after a long debate about the river."
    for line, role in ((question, ("body", "body.default")), (caption, ("caption", "caption.header_shape"))):
        assert roles_of("Laundry With Baby Clothes", "By Jane Doe", line, paragraph)[2] == role


def test_a_credit_at_the_end_of_a_paragraph_of_three_sentences_or_more_does_not_make_it_a_caption() -> None:
    """The agency credit pattern reads a caption and its credit ("... parade. REUTERS"); a paragraph of
    more sentences ending in a name in capitals is a reader's post signed, not a caption
    (`max_sentences` in captions.toml)."""
    caption = "Hong Kongers attend a charity parade in the city centre. REUTERS"
    post = "Perhaps a travel cot would solve your problem. The sides are soft mesh. Our son slept well in one. JOHN D"
    lead = "The council approved the plan on Monday after a long debate about the river."
    assert roles_of(lead, caption, post)[1:] == [("caption", "caption.agency_credit"), ("body", "body.default")]


def test_max_sentences_is_a_positive_number_for_contains_and_pattern_rules() -> None:
    assert phrases.compile_rule("caption.x", "caption", "pattern", ["x$"], max_sentences=2).max_sentences == 2
    for match, count in (("exact", 2), ("pattern", 0), ("contains", "2")):
        with pytest.raises(ValueError, match="max_sentences"):
            phrases.compile_rule("caption.x", "caption", match, ["x"], max_sentences=count)  # type: ignore[arg-type]


def test_every_segment_gets_a_role_and_the_rule_that_gave_it() -> None:
    result = roles_of(
        "Council Approves New Homes Near The River",
        "Advertisement",
        "The council approved the plan on Monday after a long debate.",
        "READ MORE: Budget row",
    )
    assert result == [
        ("title", "title.first_headline"),
        ("chrome", "chrome.label"),
        ("body", "body.default"),
        ("promo", "promo.read_more"),
    ]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("ANZEIGE - Heute schon an das Wochenende gedacht?", "chrome.ad_label"),
        ("Advertisement: Our partners' offers this week", "chrome.ad_label"),
        ("dpa/lnw", "chrome.credit_line"),
        ("kna/epd", "chrome.credit_line"),
        ("Source: Office for National Statistics, March 2024", "chrome.credit_line"),
        ("Quelle: Landesamt für Statistik", "chrome.credit_line"),
        ("EASTMOUTHNEWS.COM", "chrome.bare_domain"),
        ("www.eastern-courier.co.uk", "chrome.bare_domain"),
        ("Harbour wall survey 2021 (PDF, 2.4 MB)", "chrome.download"),
        ("Informationsblatt zum Hochwasserschutz PDF | 38 KB | Datei ist nicht barrierefrei", "chrome.download"),
        ("{{^topArticle}} No step-by-step guide yet", "chrome.template_code"),
        ("Home › News › Eastmouth", "chrome.breadcrumbs"),
        ("Startseite > Politik > Inland", "chrome.breadcrumbs"),
        ("We will never share your details. You can unsubscribe at any time.", "chrome.newsletter_pitch"),
        ("The day's top local stories in your inbox at 7am, every weekday.", "chrome.newsletter_pitch"),
        ("Temas", "chrome.label"),
        ("Photo : Eastmouth Harbour Trust", "caption.credit_prefix"),
        ("The letters and numbers you entered did not match the image. Please try again.", "comment_form.form_line"),
        ("This is only a preview. Your comment has not yet been posted.", "comment_form.form_line"),
        ("You can follow any responses to this entry through the RSS 2.0 feed.", "comment_form.form_line"),
        ("You must be logged in to report a comment.", "comment_form.form_line"),
        ("Remember personal info?", "comment_form.form_line"),
        ("(URLs automatically linked.)", "comment_form.form_line"),
        ("Eastmouth Diary is powered by Blogger. Start your own blog.", "chrome.platform_footer"),
        ("Dow Jones Reprints: This copy is for your personal, non-commercial use only.", "chrome.reprints"),
        ("A version of this article appeared in print on May 2, 2012, on page B8.", "chrome.reprints"),
        ("Be the first to like this.", "chrome.share_bar"),
        ("Please enter a valid email address.", "chrome.newsletter"),
        ("Blog Archive", "chrome.label"),
        ("About these ads", "chrome.label"),
        ("RSS feed for comments on this post. TrackBack URI", "comment_form.form_line"),
        ("Delivered by FeedBurner", "chrome.cms_footer"),
        ("If you enjoyed this article, please share it on:", "promo.calls_to_action"),
    ],
)
def test_phrase_line_rule(line: str, rule: str) -> None:
    body = "The council approved the plan on Monday after a long debate."
    assert roles_of(body, line, body + " It was late.")[1][1] == rule


@pytest.mark.parametrize(
    "line",
    [
        "He said the crew and/or the owner would pay.",
        "Source: officials said the ship had left port before the storm.",
        "Visit eastmouth.gov.uk to see the plans.",
        "Sponsors of the bill said it would pass.",
        "The council's report, a 40-page PDF of 3 MB, was published on Monday.",
        "The mayor said {the brackets} were a typo.",
        "Turnout rose > 5% in the city, officials said.",
        "Scam emails landing in your inbox rose by a third, the report found.",
        "The printing press, powered by steam, ran through the night.",
        "A version of the plan was shown to residents in May.",
    ],
)
def test_phrase_line_rules_leave_prose_alone(line: str) -> None:
    body = "The council approved the plan on Monday after a long debate."
    assert roles_of(body, line, body + " It was late.")[1] == ("body", "body.default")


ARTICLE = (
    "Harbour Wall To Be Raised",
    "The council approved the plan on Monday after a long debate about the harbour wall.",
    "Engineers said the work would start in spring and take two years to finish.",
    "The mayor said the town had waited long enough for the money to arrive.",
    "Residents who live on the seafront were told to expect noise on weekdays.",
)


def test_comment_author_lines_beside_timestamps_open_a_thread_where_no_count_header_does() -> None:
    comments = (
        "Trent writes",
        "11/07/12 at 2:49 pm",
        "Beautiful work by everyone involved, and about time too.",
        "Adrienne writes",
        "11/07/12 at 2:54 pm",
        "This is just beyond words.",
    )
    result = roles_of(*ARTICLE, *comments)[len(ARTICLE) :]
    assert result == [
        ("comment", Rule.COMMENT_SIGNATURE),
        ("comment", Rule.COMMENT_TIMESTAMP),
        ("comment", Rule.COMMENT_THREAD),
        ("comment", Rule.COMMENT_SIGNATURE),
        ("comment", Rule.COMMENT_TIMESTAMP),
        ("comment", Rule.COMMENT_THREAD),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        # an article's lines that end in "says:" stand beside no timestamp
        ("Here is what the harbourmaster says:", "It will hold.", "And what the mayor says:", "It will not."),
        # one signed comment alone is not taken for a thread
        ("Trent writes", "11/07/12 at 2:49 pm", "Beautiful work by everyone involved, and about time too."),
    ],
)
def test_lines_ending_in_says_are_not_a_thread_without_two_timestamped_author_lines(lines: tuple[str, ...]) -> None:
    result = roles_of(*ARTICLE, *lines)[len(ARTICLE) :]
    assert all(rule not in (Rule.COMMENT_SIGNATURE, Rule.COMMENT_THREAD) for _, rule in result), result


def test_author_lines_that_carry_their_own_timestamp_open_a_thread() -> None:
    comments = (
        "Chef Mark Garcia — July 17th, 2012, 6:18 pm",
        "You continue to impress me, love what you are doing here.",
        "J.J. — July 17th, 2012, 6:27 pm",
        "Awesome. Take that!",
    )
    result = roles_of(*ARTICLE, *comments)[len(ARTICLE) :]
    assert result == [
        ("comment", Rule.COMMENT_SIGNATURE),
        ("comment", Rule.COMMENT_THREAD),
        ("comment", Rule.COMMENT_SIGNATURE),
        ("comment", Rule.COMMENT_THREAD),
    ]


@pytest.mark.parametrize(
    ("verb", "thread"),
    [
        ("writes:", True),
        ("writes: on Monday July 23, @08:25PM (#40743959)", True),
        ("said...", True),  # Blogger's "Jennifer said..."
        ("said,", True),
        ("said:", False),
        ("said.", False),
    ],
)
def test_three_lines_ending_in_writes_open_a_thread_without_timestamps(verb: str, thread: bool) -> None:
    """Slashdot's "by garaged (579941) writes:" stands beside no timestamp; a news story's "the company
    said:" before a quote, and a story's dialogue, are not author lines."""
    lines: tuple[str, ...] = ()
    for name in ("garaged (579941)", "kcin (34043)", "ballpoint (192660)"):
        lines += (f"by {name} {verb}", "I make my own silicon wafers, and they are mostly carbon.")
    result = roles_of(*ARTICLE, *lines)[len(ARTICLE) :]
    assert (result[0] == ("comment", Rule.COMMENT_SIGNATURE)) == thread, result
    assert (result[1] == ("comment", Rule.COMMENT_THREAD)) == thread, result


@pytest.mark.parametrize(
    ("names", "thread"),
    [
        (("Luke Fernandez", "David R Brake (@drbrake)"), True),
        (("Voters approve same-sex marriage", "Council votes on the harbour wall"), False),  # headlines
        (("Help... Azalia Pot?", "From: James"), False),
    ],
)
def test_a_name_over_its_timestamp_is_an_author_line(names: tuple[str, str], thread: bool) -> None:
    """A name alone on its line over a date line holding a time: the page printed the comment's stamp under
    its author's name."""
    lines: tuple[str, ...] = ()
    for n, name in enumerate(names):
        lines += (name, f"August 2nd, 2012 at {n + 1}:08 pm", "I would love to see the wall raised, and soon.")
    result = roles_of(*ARTICLE, *lines)[len(ARTICLE) :]
    assert (result[0] == ("comment", Rule.COMMENT_SIGNATURE)) == thread, result
    assert (result[2] == ("comment", Rule.COMMENT_THREAD)) == thread, result


def test_a_readers_that_said_is_no_author_line() -> None:
    lines: tuple[str, ...] = ()
    for opener in ("That said...", "Having said,", "As I said...", "It said...", "Which is what he said,"):
        lines += (opener, "I make my own silicon wafers, and they are mostly carbon.")
    result = roles_of(*ARTICLE, *lines)[len(ARTICLE) :]
    assert ("comment", Rule.COMMENT_THREAD) not in result, result


@pytest.mark.parametrize(("authors", "thread"), [(5, True), (4, False)])
def test_five_writes_lines_open_a_thread_under_a_one_paragraph_story(authors: int, thread: bool) -> None:
    """Slashdot's thread starts a fifth of the way down its page, under a one-paragraph story: five author
    lines open it there (its "Reply to This Share" buttons are the thread's chrome); four so high up may be a
    story quoting a forum, and open nothing."""
    story = ("Harbour Wall To Be Raised", ARTICLE[1])
    lines: tuple[str, ...] = ()
    for n in range(authors):
        lines += (f"by reader{n} ({n}579941) writes:", "I make my own silicon wafers, and they are mostly carbon.")
        lines += ("Reply to This Share", "Flag as Inappropriate")
    result = roles_of(*story, *lines, *ARTICLE[2:] * 12)
    assert (result[2] == ("comment", Rule.COMMENT_SIGNATURE)) == thread, result
    assert (result[3] == ("comment", Rule.COMMENT_THREAD)) == thread, result
    chrome = ("comment", Rule.COMMENT_THREAD_CHROME)  # its buttons are named apart, not the reader's words
    assert (result[4:6] == [chrome, chrome]) == thread, result


@pytest.mark.parametrize(
    ("header", "thread"),
    [
        ("{ 131 comments }", True),
        ('45 users responded in " The biggest blogging mistake I ever made … "', True),
        ("Comments (0)", False),
    ],
)
def test_a_count_header_under_a_whole_article_opens_a_long_thread_above_the_back_part(
    header: str, thread: bool
) -> None:
    """Thesis blogs' "{ 131 comments }" under a whole post, high on the page above a long thread whose
    comments carry no timestamps: ten lines of prose above it make it the thread's header. "Comments (0)"
    heads no thread."""
    story = tuple(f"Paragraph {n} of the story says what the council decided about the wall." for n in range(10))
    thread_lines = tuple(f"Reader {n} thinks the wall should have been raised years ago, frankly." for n in range(30))
    result = roles_of("Harbour Wall To Be Raised", *story, header, *thread_lines)[len(story) + 1 :]
    assert (result[0] == ("comment", Rule.COMMENT_THREAD_HEADER)) == thread, result
    assert (result[1] == ("comment", Rule.COMMENT_THREAD)) == thread, result


@pytest.mark.parametrize(("comments", "thread"), [(4, True), (3, False)])
def test_five_stamped_author_lines_open_a_thread_under_the_article_not_at_its_byline(
    comments: int, thread: bool
) -> None:
    """SB Nation prints its byline as its comments' author lines ("by baseballgirl on Aug 8, 2012 5:13 PM
    PDT") and its long thread starts high on the page: five stamped author lines (the byline one of them)
    open it above the back part, at the first with the article's prose above it (the byline has none)."""
    byline = "by baseballgirl on Aug 8, 2012 5:13 PM PDT"
    story = tuple(f"Paragraph {n} of the story says what the council decided about the wall." for n in range(10))
    signed: tuple[str, ...] = ()
    for n in range(comments):
        signed += (f"by reader{'abcdefgh'[n]} on Aug 8, 2012 5:2{n} PM PDT", "Way to spin it into a positive, I guess.")
    later = tuple(f"Line {n} of the page's long footer of other stories and the site's own links." for n in range(60))
    result = roles_of("Harbour Wall To Be Raised", byline, *story, *signed, *later)
    assert result[1] != ("comment", Rule.COMMENT_SIGNATURE), result
    opened = result[2 + len(story) :][:2]
    assert (opened == [("comment", Rule.COMMENT_SIGNATURE), ("comment", Rule.COMMENT_THREAD)]) == thread, result


def test_a_list_of_stories_with_their_comment_counts_opens_no_thread() -> None:
    story = tuple(f"Paragraph {n} of the story says what the council decided about the wall." for n in range(10))
    popular = ("Most Popular", "Feature: The Tide Comes In", "15 comments", "Why I Bought A Boat", "10 comments")
    later = tuple(f"Reader {n} thinks the wall should have been raised years ago, frankly." for n in range(30))
    result = roles_of("Harbour Wall To Be Raised", *story, *popular, *later)[len(story) + 1 :]
    assert ("comment", Rule.COMMENT_THREAD) not in result, result


def test_threaded_replies_signed_name_reply_open_a_thread() -> None:
    comments = ("Deidre Reply:", "June 27th, 2012 at 7:03 am", "We are all hoping for the best.")
    comments += ("Janet T Reply:", "June 27th, 2012 at 11:46 am", "Sending good thoughts your way.")
    result = roles_of(*ARTICLE, *comments)[len(ARTICLE) :]
    assert [rule for _, rule in result] == [Rule.COMMENT_SIGNATURE, Rule.COMMENT_TIMESTAMP, Rule.COMMENT_THREAD] * 2


@pytest.mark.parametrize(
    "line",
    [
        "Shirley July 31, 2012 at 9:39 pm",
        "Danielle | November 9, 2012 1:46 AM | Reply",
        "macbacchi 16.10.19 09:31",
        "by Eric Kennedy on November 9, 2010 at 6:10 am. Reply #",
        "Posted by: Drew at November 10, 2012 6:00 PM",
        "by Pop N' Locktapus on Aug 8, 2012 5:23 PM PDT up reply actions",
        "1 Melinda October 22, 2012 at 1:57 pm",
    ],
)
def test_a_name_with_its_own_timestamp_is_an_author_line(line: str) -> None:
    from newsclean.roles.comments import stamped

    assert stamped(line)


@pytest.mark.parametrize(
    "line",
    [
        "Chef Mark Garcia — July 17th, 2012, 6:18 pm",  # a single one
        "Posted on July 17th, 2012, 6:18 pm",  # a post's date, not a name's
        "4:18 pm August 19, 2011",  # a bare timestamp (a live blog's entry)
        "Shirley July 31, 2012",  # a name and a date without a time
        "200 | 2020-08-01 18:00:00",  # a table row
        "Aviva Shen, Think Progress, Aug 6, 2012 at 5:40 pm",  # a digest's source line
    ],
)
def test_one_stamped_line_or_a_line_without_a_name_and_a_time_opens_no_thread(line: str) -> None:
    other = "Posted on July 18th, 2012, 9:02 am" if line.startswith("Chef") else line
    result = roles_of(*ARTICLE, line, "Beautiful work by everyone involved.", other, "About time too.")
    assert all(rule != Rule.COMMENT_THREAD for _, rule in result[len(ARTICLE) :]), result


def test_a_count_header_near_the_top_opens_a_thread_when_a_comment_author_line_follows_it() -> None:
    """A long thread under a short article puts its count header in the top part of the text; the author
    line under it tells it from a share bar's counter."""
    thread = []
    for n, name in enumerate(("Trent", "Adrienne", "Katie", "Wendy", "Cheri", "Ad")):
        thread += [f"{name} writes", f"11/07/12 at 2:{n}9 pm", "What a lovely piece of work, thank you for sharing."]
    result = roles_of(*ARTICLE[:2], "7 Comments", *thread)
    assert result[2] == ("comment", Rule.COMMENT_THREAD_HEADER)
    assert result[5] == ("comment", Rule.COMMENT_THREAD)
    counter = roles_of(ARTICLE[0], "7 Comments", *ARTICLE[1:], *thread[:3])
    assert counter[1] == ("chrome", Rule.CHROME_COMMENT_COUNT)


def test_a_thesis_count_header_ends_a_related_list_and_opens_the_thread_under_it() -> None:
    """Thesis blogs print "{ 18 comments… read them below or add one }" under the post's related links:
    the related list ends there, and the numbered author lines under it open the thread."""
    thread = ["{ 2 comments… read them below or add one }"]
    for n, name in enumerate(("Nick", "Tim Roper"), start=1):
        thread += [f"{n} {name} November 12, 2012 at 12:3{n} pm", "Will make a change for sure, thank you.", "Reply"]
    result = roles_of(*ARTICLE, "Related post:", "Responsible data analysis", *thread)
    assert result[len(ARTICLE) + 1] == ("related", Rule.RELATED_LIST)
    assert result[len(ARTICLE) + 2] == ("comment", Rule.COMMENT_THREAD_HEADER)
    assert ("comment", Rule.COMMENT_THREAD) in result[len(ARTICLE) + 3 :]


@pytest.mark.parametrize(("dateline", "counter"), [("MOSCOW (AP) — ", True), ("HORSHAM, Pa. - ", True), ("", False)])
def test_a_count_header_over_a_wire_story_counts_its_comments(dateline: str, counter: bool) -> None:
    """A whole page's menus push Yahoo's "11 Comments" button into the back part of the text, over the
    story it counts comments for; the story's dateline just under it tells it from a thread's header."""
    menus = [f"Menu item {n}" for n in range(40)]
    story = (f"{dateline}{ARTICLE[1]}", *ARTICLE[2:])
    result = roles_of(*menus, ARTICLE[0], "11 Comments", "1 / 5", *story)
    assert (result[41] == ("chrome", Rule.CHROME_COMMENT_COUNT)) == counter, result[41]
    assert all((rule == Rule.COMMENT_THREAD) != counter for _, rule in result[43:]), result[43:]


PROSE = (
    "The council approved the plan on Monday after a long debate in the chamber.",
    "Residents who had opposed it said they would consider an appeal next month.",
)


def test_an_unstopped_descriptive_line_between_paragraphs_is_a_caption() -> None:
    caption = "Residents gathered outside the town hall on Monday evening to hear the vote"
    assert roles_of(*PROSE, caption, *PROSE)[2] == ("caption", "caption.shape")


@pytest.mark.parametrize(
    "line",
    [
        '"Macintosh owners buy 30% more software than their Windows counterparts"',  # a pull quote
        "“We have given our all to this campaign and I so wish that I had been able”",
        "I think the council is right on this issue of the new homes (abbreviated here)",
        "Share your stories, videos and images of the flood with the newsroom today",
        "We spent three days walking the old pilgrim road from the coast to the hills",
    ],
)
def test_a_quoted_or_personal_unstopped_line_is_not_a_caption(line: str) -> None:
    """A caption describes a picture in the third person: a line that opens or closes on a quotation mark
    is someone's words, one that says "I", "we" or "you" speaks to the reader (on the corpora's renderings
    the caption shape took 3,323 gold 4-grams of the first kind against 206 others, 9,635 of the second
    against 2,214)."""
    assert roles_of(*PROSE, line, *PROSE)[2] == ("body", Rule.BODY_DEFAULT)


def test_a_caption_naming_the_us_or_a_quoted_name_inside_is_still_a_caption() -> None:
    """ "US" is a country, and a quotation mark inside the line (a battalion's name) says nothing."""
    for caption in (
        "US soldiers from the mortar group of the “Karpatska Sich” battalion carry out combat operations",
        "Residents of the US town gathered outside the hall on Monday evening to hear the vote",
    ):
        assert roles_of(*PROSE, caption, *PROSE)[2] == ("caption", Rule.CAPTION_SHAPE)


def test_a_sentence_broken_over_lines_is_not_a_caption() -> None:
    wrapped = ("The details of how each council committee affects the planning of the", "new homes are set out below.")
    result = roles_of(*PROSE, *wrapped, *PROSE)
    assert [role for role, _ in result[2:4]] == ["body", "body"]


def test_the_html_paths_comment_blocks_fill_the_comments_field_without_their_author_lines() -> None:
    """A thread the body model found in comment sections (`comment.after_article`) is the readers'
    comments: their words go into `comments`, the heading, author lines, timestamps and chrome do not; the
    blocks trafilatura's comment verdict named (mapped back by words, a menu's "Home" among them) do not."""
    from newsclean.assemble import assemble
    from newsclean.model import RawRecord
    from newsclean.vocab import Role

    def seg(n: int, text: str, rule: str) -> Segment:
        found = Segment(n, text)
        found.assign(Role.COMMENT, rule)
        return found

    words = ("Well... this is going to be a tough one.", "Cheers!")
    thread = ["Comments", "Comment #1 - Posted by: MattPatt at November 10, 2012 5:39 PM", words[0], "Reply"]
    segments = [seg(n, text, Rule.COMMENT_AFTER_ARTICLE) for n, text in enumerate([*thread, words[1]])]
    segments.append(seg(len(segments), "Home", Rule.COMMENT_TRAFILATURA))
    article = assemble(RawRecord("d", "d.html", "html", b""), segments)
    assert article.comments == list(words)
