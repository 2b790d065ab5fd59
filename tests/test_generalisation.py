"""Held-out style checks: invented articles written the way other outlets print them (wire services,
broadsheets, tabloids, local papers, blogs, magazines), each with the furniture those pages carry.

The expected values are what a careful human labeller would give, following the decisions in
../shared/seeds/README.md (standfirst and sub-headings are body, a caption repeating a body sentence is a
caption while the body keeps its sentence, credits are captions, a tweet's lines are one embed...).
None of the texts is about the seeds' topic and none reuses their sentences.

Lines are looked up by their exact text, or else by the start of their text (see `_find`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsclean.clean import clean_text
from newsclean.model import Article, Embed, Segment

# ---------------------------------------------------------------------------------------------------------
# helpers


def page(*lines: str, blank: bool = False) -> str:
    """A text as pulled off a page: one line per block, optionally with blank lines between them."""
    return ("\n\n" if blank else "\n").join(lines) + "\n"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _find(art: Article, line: str) -> list[Segment]:
    """Segments whose text is `line`; failing that, those whose text starts with `line`."""
    exact = [s for s in art.segments if s.text == line]
    return exact or [s for s in art.segments if s.text.startswith(line)]


def _describe(segs: list[Segment]) -> str:
    return ", ".join(f"#{s.seq} {s.role}/{s.rule}" for s in segs) or "no such segment"


def _in(items: list[str], line: str) -> bool:
    return any(p == line or p.startswith(line) for p in items)


class Expect:
    """Collects every way an article differs from what a labeller expects, then fails once with all of
    them, each naming the segment's role/rule, so one run shows everything a document gets wrong."""

    def __init__(self, text: str, doc_id: str) -> None:
        out = clean_text(text, doc_id=doc_id)
        assert isinstance(out, Article), f"expected an Article, got {out!r}"
        self.art = out
        self.problems: list[str] = []

    def _seen(self, line: str) -> str:
        return f"{line[:70]!r} ({_describe(_find(self.art, line))})"

    def that(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)

    def fields(self, **expected: object) -> None:
        """title=..., byline=..., section=..., published=...: each equal to the article's field."""
        for name, want in expected.items():
            got = getattr(self.art, name)
            self.that(got == want, f"{name}: expected {want!r}, got {got!r}")

    def kept(self, *lines: str) -> None:
        """Each line is (or starts) one of the article's paragraphs."""
        for line in lines:
            self.that(_in(self.art.paragraphs, line), f"missing from paragraphs: {self._seen(line)}")

    def dropped(self, *lines: str) -> None:
        """No paragraph is (or starts with) any of these lines."""
        for line in lines:
            self.that(not _in(self.art.paragraphs, line), f"left in paragraphs: {self._seen(line)}")

    def captions(self, *lines: str) -> None:
        """Each caption is in `captions` exactly once."""
        for line in lines:
            n = sum(c == line or c.startswith(line) for c in self.art.captions)
            self.that(n == 1, f"in captions {n} times, expected once: {self._seen(line)}")

    def roles(self, expected: dict[str, str | tuple[str, ...]]) -> None:
        """Every segment matching each key has the expected role (or one of the expected roles)."""
        for line, role in expected.items():
            allowed = (role,) if isinstance(role, str) else role
            segs = _find(self.art, line)
            ok = bool(segs) and all(s.role in allowed for s in segs)
            self.that(ok, f"role of {line[:70]!r}: expected {'|'.join(allowed)}, got {_describe(segs)}")

    def embed(self, kind: str, handle: str | None = None, **attrs: object) -> Embed | None:
        """The one embed of this kind (and handle), with these attribute values."""
        found = [e for e in self.art.embeds if e.kind == kind and (handle is None or e.handle == handle)]
        if len(found) != 1:
            self.problems.append(f"expected one {kind} embed by {handle!r}, embeds: {self.art.embeds!r}")
            return None
        for name, want in attrs.items():
            got = getattr(found[0], name)
            self.that(got == want, f"{kind} embed {name}: expected {want!r}, got {got!r}")
        return found[0]

    def opens_with(self, start: str) -> None:
        first = self.art.paragraphs[0] if self.art.paragraphs else ""
        self.that(first.startswith(start), f"first paragraph should start {start!r}, got {first[:70]!r}")

    def ends_with(self, last: str) -> None:
        got = self.art.paragraphs[-1] if self.art.paragraphs else ""
        self.that(got == last, f"last paragraph should be {last!r}, got {got[:70]!r}")

    def done(self) -> None:
        assert not self.problems, f"{self.art.doc_id}:\n  " + "\n  ".join(self.problems)


# ---------------------------------------------------------------------------------------------------------
# 1. Wire service (AP): two authors, US date with EDT, "(AP Photo/...)" captions, share/ad/copyright chrome

AP_WATER = page(
    "Arizona town orders first-ever watering limits as river supply shrinks",
    "By Maria Alvarez and Tom Becker",
    "March 14, 2023 5:30 PM EDT",
    "Share this article",
    (
        "CORDERO, Ariz. (AP) — Residents of this fast-growing desert town will face mandatory limits on lawn "
        "watering from next month, officials said Tuesday, the first such rules in its 60-year history."
    ),
    (
        "The town council voted 5-2 to restrict sprinklers to two days a week between May and October, with "
        "fines of up to $500 for repeat violations."
    ),
    (
        "A worker adjusts a valve at the Cordero municipal pumping station on Monday, March 13, 2023. "
        "(AP Photo/Ross D. Franklin)"
    ),
    (
        "“We’re not in a crisis today, but we will be in five years if we do nothing,” Mayor Linda Ortiz said "
        "before the vote."
    ),
    "Advertisement",
    (
        "Cordero draws about 40% of its water from the Colorado River through a canal system that also "
        "supplies Phoenix and Tucson."
    ),
    (
        "Federal officials have warned that deliveries to Arizona could be cut again next year after two "
        "decades of drought left the river’s main reservoirs at record lows."
    ),
    (
        "Some residents urged the council to go further. Others said the fines would fall hardest on older "
        "homeowners with large yards."
    ),
    "“I’ve lived here 31 years and I’ve never been told when I can water my roses,” said Gloria Jenkins, 74.",
    ("Cattle drink from a nearly empty stock tank outside Cordero, Ariz., on Feb. 28, 2023. (AP Photo/Matt York)"),
    (
        "The limits will be reviewed in the autumn, when the town expects updated forecasts from the Bureau "
        "of Reclamation."
    ),
    "Becker reported from Denver.",
    "Copyright 2023 The Associated Press. All rights reserved.",
)


def test_wire_story_with_two_authors_and_ap_photo_credits() -> None:
    x = Expect(AP_WATER, "gen_ap_water")
    x.fields(
        title="Arizona town orders first-ever watering limits as river supply shrinks",
        byline="Maria Alvarez and Tom Becker",
        published=utc(2023, 3, 14, 21, 30),
    )
    x.captions(
        "A worker adjusts a valve at the Cordero municipal pumping station",
        "Cattle drink from a nearly empty stock tank outside Cordero",
    )
    x.kept(
        "CORDERO, Ariz. (AP) — Residents of this fast-growing desert town",
        "“We’re not in a crisis today",
        "Becker reported from Denver.",
    )
    x.dropped(
        "Share this article",
        "Advertisement",
        "Copyright 2023 The Associated Press",
        "A worker adjusts a valve",
        "Cattle drink from",
    )
    x.roles(
        {
            "By Maria Alvarez and Tom Becker": "byline",
            "March 14, 2023 5:30 PM EDT": "date",
            "Share this article": "chrome",
            "Advertisement": "chrome",
            "A worker adjusts a valve": "caption",
            "Cattle drink from": "caption",
            "Copyright 2023 The Associated Press. All rights reserved.": "chrome",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 2. Broadsheet (Guardian style): standfirst without full stop, "By ..., Science Correspondent", dotted
#    time, "Photograph:" credit glued to a caption and on a line of its own, a sub-heading

GUARDIAN_PUFFINS = page(
    "Puffins could vanish from British coasts within decades as seas warm, study finds",
    (
        "Seabirds are struggling to find enough sand eels to feed their chicks, according to a 20-year survey "
        "of colonies on the Farne Islands"
    ),
    "By Ann Lee, Science Correspondent",
    "Mon 13 Mar 2023 18.30 GMT",
    (
        "Atlantic puffins could disappear from much of the British coastline within 30 years unless the "
        "decline in their main food source is halted, scientists have warned."
    ),
    ("A puffin carries sand eels back to its burrow on Inner Farne, Northumberland. Photograph: Owen Humphreys/PA"),
    (
        "Researchers from Newcastle University counted breeding pairs and weighed chicks at six colonies "
        "every summer between 2003 and 2022."
    ),
    (
        "They found that the average weight of a chick at fledging fell by almost a fifth over the period, "
        "while the number of occupied burrows dropped by 35%."
    ),
    (
        "“The adults are flying further and further to find food, and the chicks simply aren’t getting "
        "enough,” said Dr Ruth Adeyemi, who led the study."
    ),
    "A race against time",
    (
        "Sand eels, small fish that live in the sandy sea bed, move to cooler and deeper water as sea "
        "temperatures rise, putting them out of reach of birds that can dive only a few dozen metres."
    ),
    (
        "Industrial fishing for sand eels in parts of the North Sea was banned by the UK government last year, "
        "a decision welcomed by conservation groups."
    ),
    ("A tourist boat approaches the cliffs of Staple Island, home to one of the largest puffin colonies in England."),
    "Photograph: John Smith/Reuters",
    (
        "The RSPB said the findings showed the ban needed to be extended to Norwegian and Danish waters, where "
        "most of the fishing now takes place."
    ),
    "The study is published in the journal Marine Ecology Progress Series.",
)


def test_broadsheet_with_standfirst_job_title_and_photograph_credits() -> None:
    x = Expect(GUARDIAN_PUFFINS, "gen_guardian_puffins")
    x.fields(
        title="Puffins could vanish from British coasts within decades as seas warm, study finds",
        byline="Ann Lee",
        published=utc(2023, 3, 13, 18, 30),
    )
    x.opens_with("Seabirds are struggling")  # the standfirst
    x.kept(
        "Seabirds are struggling",
        "A race against time",
        "Atlantic puffins could disappear",
        "The study is published in the journal",
    )
    x.captions(
        "A puffin carries sand eels back to its burrow on Inner Farne",
        "A tourist boat approaches the cliffs of Staple Island",
        "Photograph: John Smith/Reuters",
    )
    x.dropped("A puffin carries", "A tourist boat approaches", "Photograph:", "By Ann Lee")
    x.roles(
        {
            "Seabirds are struggling": "body",
            "By Ann Lee, Science Correspondent": "byline",
            "Mon 13 Mar 2023 18.30 GMT": "date",
            "A puffin carries sand eels": "caption",
            "A race against time": "body",
            "A tourist boat approaches": "caption",
            "Photograph: John Smith/Reuters": "caption",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 3. Public broadcaster (BBC style): section above the title, "Published ... GMT", "Image: Getty Images"
#    credit followed by its caption in the header zone, "Trending Now", "Related Topics" list, "Back to top"

BBC_FERRIES = page(
    "Scotland",
    "Ferry passengers stranded as storm cancels island sailings",
    "Published 12 March 2023, 14:05 GMT",
    "Share",
    "Image: Getty Images",
    "Ferries to several islands were cancelled as winds reached 80mph on the west coast",
    (
        "Hundreds of ferry passengers have been left stranded after high winds forced the cancellation of "
        "sailings to islands off the west coast of Scotland."
    ),
    (
        "CalMac said services to Mull, Islay, Coll and Tiree had been suspended for the rest of the day and "
        "warned of further disruption on Monday."
    ),
    (
        "The Met Office issued a yellow warning for wind covering much of the Highlands and Argyll, with gusts "
        "of up to 80mph forecast in exposed places."
    ),
    (
        "Anna Lindqvist, who had planned to travel to Mull for a week-long walking holiday, said she would "
        "spend the night in a hotel in Oban."
    ),
    "“It’s frustrating, but nobody wants to be on a boat in this,” she said.",
    "Trending Now",
    (
        "Islanders said the cancellations added to months of disruption caused by the age of the ferry fleet, "
        "with several vessels out of service for repairs."
    ),
    "The Scottish government said two new ferries would enter service next year.",
    "Related Topics",
    "Ferry travel",
    "Scottish islands",
    "Weather",
    "Back to top",
    blank=True,
)


def test_broadcaster_with_section_image_credit_and_related_topics() -> None:
    x = Expect(BBC_FERRIES, "gen_bbc_ferries")
    x.fields(
        section="Scotland",
        title="Ferry passengers stranded as storm cancels island sailings",
        byline=None,
        published=utc(2023, 3, 12, 14, 5),
    )
    x.captions(
        "Image: Getty Images", "Ferries to several islands were cancelled as winds reached 80mph on the west coast"
    )
    x.kept(
        "Hundreds of ferry passengers",
        "“It’s frustrating, but nobody wants",
        "The Scottish government said two new ferries",
    )
    x.dropped(
        "Share",
        "Image: Getty Images",
        "Ferries to several islands",
        "Trending Now",
        "Related Topics",
        "Ferry travel",
        "Scottish islands",
        "Weather",
        "Back to top",
    )
    x.roles(
        {
            "Scotland": "section",
            "Published 12 March 2023, 14:05 GMT": "date",
            "Share": "chrome",
            "Image: Getty Images": "caption",
            "Ferries to several islands": "caption",
            "Trending Now": "chrome",
            "Related Topics": "related",
            "Ferry travel": "related",
            "Scottish islands": "related",
            "Weather": "related",
            "Back to top": "chrome",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 4. Tabloid (Mail style): upper-case byline, "Published: ... | Updated: ..." line, "(pictured)" caption,
#    a caption repeating a body sentence without its full stop, READ MORE, "Click here", a caption twice

MAIL_BODY_SENTENCE = (
    "She confronted Liam Carver, 29, who had climbed in through a window, and struck him "
    "repeatedly on the arm until he fled empty-handed."
)
MAIL_REPEAT_CAPTION = MAIL_BODY_SENTENCE.removesuffix(".")
MAIL_TWICE = "Margaret Doyle outside Northampton Crown Court, where Carver was jailed on Tuesday afternoon"

MAIL_BURGLAR = page(
    (
        "Pensioner, 82, who fought off burglar with her walking stick says she ‘would do it all again’ as "
        "thief is jailed for four years"
    ),
    "By REBECCA HOLLIS",
    "Published: 10:42 BST, 2 May 2023 | Updated: 11:15 BST, 2 May 2023",
    (
        "An 82-year-old widow who fought off a burglar with her walking stick has said she would ‘do it all "
        "again’ after the intruder was jailed for four years."
    ),
    (
        "Margaret Doyle was watching television at her home in Kettering, Northamptonshire, when she heard "
        "glass breaking in the kitchen just before midnight on January 14."
    ),
    (
        "Margaret Doyle (pictured) was watching television at her home in Kettering when she heard glass "
        "breaking in the kitchen"
    ),
    MAIL_BODY_SENTENCE,
    "READ MORE: Homeowner who chased burglars down the street with a garden rake will not face charges",
    ("Carver was arrested two days later after police matched his blood to a cut he suffered on the broken glass."),
    "He admitted aggravated burglary at Northampton Crown Court and was jailed on Tuesday.",
    MAIL_REPEAT_CAPTION,
    (
        "Sentencing him, Judge Paul Rennie said: ‘This was a terrifying ordeal for a vulnerable woman living "
        "alone, who showed remarkable courage.’"
    ),
    MAIL_TWICE,
    MAIL_TWICE,
    (
        "Speaking outside court, Mrs Doyle said: ‘I was frightened, but I wasn’t going to let him take my late "
        "husband’s things.’"
    ),
    (
        "Police said the case should not encourage people to tackle intruders, and urged anyone who "
        "discovers a break-in to call 999."
    ),
    "Click here to read more stories from Northamptonshire",
)


def test_tabloid_with_pictured_repeat_and_twice_printed_captions() -> None:
    x = Expect(MAIL_BURGLAR, "gen_mail_burglar")
    title = x.art.title or ""
    x.that(title.startswith("Pensioner, 82, who fought off burglar"), f"title: got {title!r}")
    x.fields(byline="REBECCA HOLLIS", published=utc(2023, 5, 2, 9, 42))
    x.kept(
        MAIL_BODY_SENTENCE,
        "Margaret Doyle was watching television at her home in Kettering, North",
        "Carver was arrested two days later",
        "Police said the case should not encourage",
    )
    x.captions("Margaret Doyle (pictured) was watching television", MAIL_REPEAT_CAPTION, MAIL_TWICE)
    x.that(len(x.art.captions) == 3, f"expected 3 captions, got {x.art.captions!r}")
    x.that(MAIL_REPEAT_CAPTION not in x.art.paragraphs, "the repeating caption is in paragraphs")
    x.dropped("Margaret Doyle (pictured)", MAIL_TWICE, "READ MORE:", "Click here to read more")
    x.roles(
        {
            "By REBECCA HOLLIS": "byline",
            "Published: 10:42 BST, 2 May 2023": "date",
            "Margaret Doyle (pictured)": "caption",
            MAIL_BODY_SENTENCE: "body",
            MAIL_REPEAT_CAPTION: "caption",
            MAIL_TWICE: "caption",
            "READ MORE: Homeowner": "promo",
            "Click here to read more stories": "promo",
        }
    )
    twice = _find(x.art, MAIL_TWICE)
    x.that(len(twice) == 2 and twice[1].duplicate_of == twice[0].seq, "second copy should point at the first")
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 5. Regional daily: a tweet with a t.co link and its signature line, a one-line tweet, "Also read:"

NHS_TWEETS = page(
    "Hospital welcomes 40 nurses recruited from overseas to ease winter pressures",
    "By Priya Natarajan",
    "3 March 2023",
    (
        "Forty nurses recruited from India, the Philippines and Nigeria have started work at Riverside General "
        "Hospital, in the largest single intake in its history."
    ),
    (
        "The trust said the new staff would allow it to reopen two wards that were closed last year because "
        "of shortages."
    ),
    "Announcing their arrival on Twitter, the trust wrote:",
    (
        "We’re thrilled to welcome 40 brilliant new nurses to Riverside today! Thank you for choosing us 💙 "
        "https://t.co/AbC123xYz"
    ),
    "— Riverside NHS Trust (@RiversideNHS) March 3, 2023",
    "Also read: Hospital car parking charges to rise for the first time in five years",
    (
        "Chief nurse Dr Helen Marsh said each recruit would be paired with an experienced colleague for their "
        "first three months."
    ),
    (
        "Proud to meet our newest colleagues this morning. Welcome to the family! pic.twitter.com/Qw3Rt5YuIo "
        "— Dr Helen Marsh (@DrHelenMarsh) March 3, 2023"
    ),
    "Unions welcomed the recruitment but said the trust still had more than 300 nursing vacancies.",
    (
        "“International recruitment helps, but it is not a long-term answer to a workforce crisis,” said "
        "Royal College of Nursing regional director Tom Ashby."
    ),
    "The trust plans to recruit a further 60 nurses from overseas by the end of the year.",
)


def test_regional_story_with_multi_line_and_one_line_tweets() -> None:
    x = Expect(NHS_TWEETS, "gen_nhs_tweets")
    x.fields(
        title="Hospital welcomes 40 nurses recruited from overseas to ease winter pressures",
        byline="Priya Natarajan",
        published=utc(2023, 3, 3),
    )
    trust = x.embed("tweet", "RiversideNHS", author="Riverside NHS Trust", date=date(2023, 3, 3))
    if trust is not None:
        text = trust.text or ""
        x.that(text.startswith("We’re thrilled to welcome 40 brilliant new nurses"), f"tweet text: {text!r}")
        x.that("t.co" not in text, f"the link should be out of the tweet text: {text!r}")
        x.that("https://t.co/AbC123xYz" in trust.links, f"tweet links: {trust.links!r}")
    marsh = x.embed("tweet", "DrHelenMarsh", author="Dr Helen Marsh", date=date(2023, 3, 3))
    if marsh is not None:
        text = marsh.text or ""
        x.that(text.startswith("Proud to meet our newest colleagues"), f"tweet text: {text!r}")
        x.that("pic.twitter.com/Qw3Rt5YuIo" in marsh.links, f"tweet links: {marsh.links!r}")
    x.that(len(x.art.embeds) == 2, f"expected 2 embeds, got {x.art.embeds!r}")
    x.kept(
        "Announcing their arrival on Twitter, the trust wrote:",
        "Chief nurse Dr Helen Marsh",
        "The trust plans to recruit a further 60 nurses",
    )
    x.dropped("We’re thrilled", "— Riverside NHS Trust", "Proud to meet", "Also read:")
    x.roles(
        {
            "We’re thrilled to welcome": "embed",
            "— Riverside NHS Trust (@RiversideNHS) March 3, 2023": "embed",
            "Proud to meet our newest colleagues": "embed",
            "Also read: Hospital car parking": "promo",
            "Announcing their arrival on Twitter": "body",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 6. Entertainment site: Instagram embed with date, its label, a YouTube link, "RELATED:", "Pictured:",
#    "You may also like" with headlines

CELEB_WEDDING = page(
    "Entertainment",
    "Singer Mara Quinn reveals surprise Lake Como wedding on Instagram",
    "By Kelly Brandt",
    "June 6, 2023 10:15 AM PDT",
    (
        "Pop star Mara Quinn has revealed she married her long-term partner, the chef Daniel Ortiz, in a small "
        "ceremony on the shores of Lake Como, Italy."
    ),
    (
        "The 31-year-old shared a series of photos from the day with her 12 million followers on Monday, "
        "writing that it had been “the best day of my life”."
    ),
    "View this post on Instagram",
    "A post shared by Mara Quinn (@maraquinn) on Jun 5, 2023 at 10:12am PDT",
    ("The couple met in 2017 when Ortiz catered the launch party for her debut album, and became engaged last summer."),
    "RELATED: Mara Quinn cancels European tour dates after vocal injury",
    "Pictured: Mara Quinn performing at the Hollywood Bowl in Los Angeles in September 2022",
    (
        "Guests reportedly included her bandmates and a handful of close friends, and the couple asked them "
        "not to post pictures on social media."
    ),
    "Quinn also released a video of the couple’s first dance, set to a new song she wrote for the occasion.",
    "https://www.youtube.com/watch?v=Xk3pQ9zT2bE",
    ("A representative for the singer said the couple would hold a larger celebration in Los Angeles later this year."),
    "You may also like",
    "Mara Quinn’s new album tops charts in 14 countries",
    "Chef Daniel Ortiz opens second restaurant in Santa Monica",
    "The best celebrity wedding dresses of the year so far",
)


def test_entertainment_story_with_instagram_and_youtube_embeds() -> None:
    x = Expect(CELEB_WEDDING, "gen_celeb_wedding")
    x.fields(
        section="Entertainment",
        title="Singer Mara Quinn reveals surprise Lake Como wedding on Instagram",
        byline="Kelly Brandt",
        published=utc(2023, 6, 6, 17, 15),
    )
    x.embed("instagram", "maraquinn", author="Mara Quinn", date=date(2023, 6, 5))
    x.embed("youtube", links=("https://www.youtube.com/watch?v=Xk3pQ9zT2bE",))
    x.captions("Pictured: Mara Quinn performing at the Hollywood Bowl")
    x.kept("Pop star Mara Quinn has revealed", "Quinn also released a video", "A representative for the singer")
    x.dropped(
        "View this post on Instagram",
        "A post shared by",
        "https://www.youtube.com",
        "RELATED:",
        "Pictured:",
        "You may also like",
        "Mara Quinn’s new album",
        "Chef Daniel Ortiz opens",
        "The best celebrity wedding dresses",
    )
    x.roles(
        {
            "Entertainment": "section",
            "June 6, 2023 10:15 AM PDT": "date",
            "View this post on Instagram": "embed",
            "A post shared by Mara Quinn": "embed",
            "RELATED: Mara Quinn cancels": "promo",
            "Pictured: Mara Quinn": "caption",
            "https://www.youtube.com/watch?v=Xk3pQ9zT2bE": "embed",
            "You may also like": "related",
            "Mara Quinn’s new album": "related",
            "Chef Daniel Ortiz opens": "related",
            "The best celebrity wedding dresses": "related",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 7. US local paper: "Updated: Tuesday, ... at 9:30 p.m. ET" (EDT in March), "5 min read", a newsletter
#    sign-up promo, and an empty Disqus thread

DISQUS_SCHOOL = page(
    "School board delays vote on four-day week after packed public meeting",
    "By Carla Mendes",
    "Updated: Tuesday, March 14, 2023 at 9:30 p.m. ET",
    "5 min read",
    (
        "The Harlow County school board postponed a vote on moving to a four-day school week on Tuesday after "
        "more than 200 parents packed a meeting that ran past 10 p.m."
    ),
    (
        "The proposal would shorten the week from five days to four from August, with slightly longer school "
        "days, as a way to attract and keep teachers."
    ),
    (
        "Superintendent Mark Ellison told the board the district had 37 unfilled teaching posts and that "
        "neighboring districts with four-day weeks had far fewer."
    ),
    "Sign up for our Morning Briefing newsletter to get local news in your inbox every weekday",
    "Many parents said the change would leave them scrambling for child care on Mondays.",
    ("“I support our teachers, but I can’t take every Monday off work,” said Dana Whitaker, a mother of three."),
    "The board will take up the proposal again at its April 11 meeting.",
    "comments powered by Disqus",
    "Sort by Best",
    "Start the discussion…",
    blank=True,
)


def test_local_story_with_us_evening_update_time_and_empty_disqus_thread() -> None:
    x = Expect(DISQUS_SCHOOL, "gen_disqus_school")
    x.fields(
        title="School board delays vote on four-day week after packed public meeting",
        byline="Carla Mendes",
        published=utc(2023, 3, 15, 1, 30),  # 9:30 p.m. EDT (daylight time began on March 12)
        comments=[],
    )
    x.kept(
        "The Harlow County school board postponed",
        "Many parents said the change",
        "The board will take up the proposal again at its April 11 meeting.",
    )
    x.dropped(
        "5 min read",
        "Sign up for our Morning Briefing",
        "comments powered by Disqus",
        "Sort by Best",
        "Start the discussion",
        "Updated: Tuesday",
    )
    x.roles(
        {
            "Updated: Tuesday, March 14, 2023 at 9:30 p.m. ET": "date",
            "5 min read": "chrome",
            "Sign up for our Morning Briefing newsletter": "promo",
            "comments powered by Disqus": "comment_form",
            "Sort by Best": "comment_form",
            "Start the discussion…": "comment_form",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 8. WordPress local blog: "Words by", ISO date with offset, a "3 thoughts on “...”" thread with a comment
#    timestamp, "Reply", "Liked by 2 people", and the reply form

WP_CYCLE_LANES = page(
    "Council approves new cycle lanes on Station Road despite traders’ objections",
    "Words by Owen Pritchard",
    "2023-03-14T09:30:00+02:00",
    (
        "Councillors have approved plans for protected cycle lanes along Station Road, despite objections "
        "from shop owners who fear losing passing trade."
    ),
    (
        "The scheme, which will remove 42 on-street parking spaces, was backed by seven votes to three at "
        "Monday’s planning committee."
    ),
    (
        "Supporters said the lanes would make the route safer for children cycling to the two secondary "
        "schools at its northern end."
    ),
    (
        "Traders’ association chair Gwen Lloyd said members were “bitterly disappointed” and would consider "
        "a legal challenge."
    ),
    "Work is expected to start in June and last about four months.",
    "3 thoughts on “Council approves new cycle lanes on Station Road despite traders’ objections”",
    "March 15, 2023 at 8:12 am",
    "About time. I cycle this road every day and it is terrifying at rush hour.",
    "Reply",
    "Liked by 2 people",
    "Forty-two parking spaces gone and nobody asked the people who actually work on the street.",
    "Reply",
    "The same thing happened in Cardiff and trade went up, not down.",
    "Reply",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    blank=True,
)


def test_wordpress_post_with_comment_thread_and_reply_form() -> None:
    x = Expect(WP_CYCLE_LANES, "gen_wp_cycle_lanes")
    x.fields(
        title="Council approves new cycle lanes on Station Road despite traders’ objections",
        byline="Owen Pritchard",
        published=utc(2023, 3, 14, 7, 30),
        comments=[
            "About time. I cycle this road every day and it is terrifying at rush hour.",
            "Forty-two parking spaces gone and nobody asked the people who actually work on the street.",
            "The same thing happened in Cardiff and trade went up, not down.",
        ],
    )
    x.ends_with("Work is expected to start in June and last about four months.")
    x.dropped(
        "3 thoughts on",
        "About time.",
        "Reply",
        "Liked by 2 people",
        "Leave a Reply",
        "Your email address will not be published",
    )
    x.roles(
        {
            "Words by Owen Pritchard": "byline",
            "2023-03-14T09:30:00+02:00": "date",
            "3 thoughts on “Council approves": "comment",
            "March 15, 2023 at 8:12 am": "comment",  # the comment's timestamp, not the article's date
            "About time.": "comment",
            "Reply": "comment",
            "Liked by 2 people": "comment",
            "Leave a Reply": "comment_form",
            "Your email address will not be published.": "comment_form",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 9. Scottish daily: "More from The Herald" with headlines, a caption plus a "Credit:" line, Advertisement

HERALD_BINS = page(
    "News",
    "Glasgow bin strike called off after last-minute pay deal",
    "By Kirsty McLean",
    "Sat 3 Jun 2023 06.00 BST",
    (
        "A planned week-long strike by Glasgow’s refuse collectors has been called off after the city council "
        "made an improved pay offer on Friday night."
    ),
    (
        "The GMB union said its members had voted to accept a deal worth 6.5% for the lowest-paid workers, "
        "backdated to April."
    ),
    "Advertisement",
    "Overflowing bins lined up in a Glasgow street during a previous strike in the summer of 2022",
    "Credit: Colin Mearns",
    (
        "Council leader Susan Aitken said she was pleased an agreement had been reached “without disruption "
        "to the people of Glasgow”."
    ),
    (
        "The union had warned that uncollected rubbish could pile up across the city during one of the "
        "busiest weekends of the year for tourism."
    ),
    "GMB organiser Chris Mitchell said: “Our members stood firm and they have won a fair deal.”",
    "More from The Herald",
    "Edinburgh festival tickets go on sale amid record demand",
    "ScotRail to cut Sunday services on three lines",
    "Teachers in Scotland to vote on new pay offer",
    "Back to top",
)


def test_scottish_daily_with_more_from_block_and_credit_line() -> None:
    x = Expect(HERALD_BINS, "gen_herald_bins")
    x.fields(
        section="News",
        title="Glasgow bin strike called off after last-minute pay deal",
        byline="Kirsty McLean",
        published=utc(2023, 6, 3, 5, 0),
    )
    x.captions("Overflowing bins lined up in a Glasgow street", "Credit: Colin Mearns")
    x.kept(
        "A planned week-long strike",
        "Council leader Susan Aitken",
        "GMB organiser Chris Mitchell said: “Our members stood firm and they have won a fair deal.”",
    )
    x.dropped(
        "Advertisement",
        "Overflowing bins",
        "Credit:",
        "More from The Herald",
        "Edinburgh festival tickets",
        "ScotRail to cut",
        "Teachers in Scotland",
        "Back to top",
    )
    x.roles(
        {
            "Advertisement": "chrome",
            "Overflowing bins lined up": "caption",
            "Credit: Colin Mearns": "caption",
            "More from The Herald": "related",
            "Edinburgh festival tickets": "related",
            "ScotRail to cut Sunday services": "related",
            "Teachers in Scotland to vote": "related",
            "Back to top": "chrome",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 10. Council budget: "Local Democracy Reporter" byline, a list introduced by a colon whose short items
#     have no full stops, and a sub-heading

BUDGET_LIST = page(
    "Council tax to rise by 4.9% as city sets £1.2bn budget",
    "By Sam Okafor, Local Democracy Reporter",
    "Wed 1 Mar 2023 17.45 GMT",
    (
        "Households in Leicester will pay 4.9% more in council tax from April after the city council approved "
        "its budget for the coming year."
    ),
    (
        "The authority said it faced a gap of £24m because of rising energy costs and growing demand for "
        "adult social care."
    ),
    "The budget includes:",
    "A 4.9% rise in council tax, the maximum allowed without a referendum",
    "£12m for road and pavement repairs",
    "Free bus travel for under-18s during the summer holidays",
    "Two new libraries in the north of the city",
    "Opposition warns of deeper cuts",
    (
        "Conservative group leader Nick Hartley said the budget relied on “one-off savings” and would leave "
        "the council facing deeper cuts next year."
    ),
    (
        "The council’s finance chief, Kate Ibbotson, said the authority had protected frontline services "
        "despite “the toughest financial position in a generation”."
    ),
    "Share this article",
    blank=True,
)


def test_budget_story_keeps_its_bulleted_list_and_sub_heading() -> None:
    x = Expect(BUDGET_LIST, "gen_budget_list")
    x.fields(
        title="Council tax to rise by 4.9% as city sets £1.2bn budget",
        byline="Sam Okafor",
        published=utc(2023, 3, 1, 17, 45),
        captions=[],
    )
    items = [
        "The budget includes:",
        "A 4.9% rise in council tax, the maximum allowed without a referendum",
        "£12m for road and pavement repairs",
        "Free bus travel for under-18s during the summer holidays",
        "Two new libraries in the north of the city",
        "Opposition warns of deeper cuts",
    ]
    x.kept(*items)
    paragraphs = x.art.paragraphs
    start = paragraphs.index(items[0]) if items[0] in paragraphs else 0
    x.that(paragraphs[start : start + len(items)] == items, "list and sub-heading should stay in order")
    x.dropped("Share this article", "By Sam Okafor")
    x.roles(dict.fromkeys(items, "body") | {"Share this article": "chrome"})
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 11. A bare text: no title, byline, date or boilerplate: every line is body

BARE_LIBRARY = page(
    (
        "The town’s library will reopen on Saturday after an 18-month refurbishment that cost £2.3m and "
        "doubled the space given to children’s books."
    ),
    "The Victorian building had been closed since a burst pipe flooded its basement in the autumn of 2021.",
    (
        "Volunteers have spent the past month moving 40,000 books back on to the shelves, many of them "
        "donated by residents while the library was shut."
    ),
    (
        "A new café, a sensory room for children with additional needs and a small recording studio for "
        "teenagers have been added on the ground floor."
    ),
    "“It’s been a long wait, but I think people will be amazed when they walk in,” said librarian Jo Kemp.",
    ("Opening hours will be extended to 8pm on Thursdays, and the library will open on Sundays for the first time."),
    "A celebration with music and storytelling is planned for the first weekend.",
)


def test_bare_text_is_all_body() -> None:
    x = Expect(BARE_LIBRARY, "gen_bare_library")
    lines = BARE_LIBRARY.strip().split("\n")
    x.fields(
        title=None, byline=None, section=None, published=None, paragraphs=lines, captions=[], embeds=[], comments=[]
    )
    x.roles(dict.fromkeys(lines, "body"))
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 12. News agency picture desk: a caption ending in a glued credit ("...on Monday.AFP"), "Credit: ... via
#     Getty Images", a European numeric date with CET

AFP_FARMERS = page(
    "Europe",
    "French farmers drive tractors into Paris to protest pesticide rules",
    "By Claire Dubois",
    "13/03/2023 19:40 CET",
    (
        "Hundreds of French farmers drove tractors into central Paris on Monday to protest against new limits "
        "on pesticide use, blocking several main roads for hours."
    ),
    (
        "Farmers drive their tractors along the Champs-Elysées during a protest against pesticide rules in "
        "Paris on Monday.AFP"
    ),
    (
        "The protest was organised by the FNSEA, France’s largest farmers’ union, which says the rules will "
        "make French produce more expensive than imports from countries with looser standards."
    ),
    "Police said about 1,800 tractors took part. Organisers put the figure at more than 3,000.",
    (
        "Agriculture minister Marc Fesneau met union leaders on Monday evening and promised to review the "
        "timetable for the ban."
    ),
    "A farmer stands beside his tractor near the Eiffel Tower as traffic backs up behind him",
    "Credit: Ludovic Marin/AFP via Getty Images",
    (
        "“We are not against the environment. We are against rules that put us out of business,” said "
        "Jean-Marc Laurent, a cereal farmer from the Beauce region."
    ),
    (
        "Environmental groups said the government should not back down, pointing to studies linking some of "
        "the chemicals to declines in bees and other pollinators."
    ),
    "The National Assembly is due to debate the rules next month.",
)


def test_agency_story_with_glued_afp_credit() -> None:
    x = Expect(AFP_FARMERS, "gen_afp_farmers")
    x.fields(
        section="Europe",
        title="French farmers drive tractors into Paris to protest pesticide rules",
        byline="Claire Dubois",
        published=utc(2023, 3, 13, 18, 40),
    )
    x.captions(
        "Farmers drive their tractors along the Champs-Elysées",
        "A farmer stands beside his tractor near the Eiffel Tower",
        "Credit: Ludovic Marin/AFP via Getty Images",
    )
    x.kept(
        "Hundreds of French farmers drove tractors",
        "Police said about 1,800 tractors",
        "The National Assembly is due to debate the rules next month.",
    )
    x.dropped("Farmers drive their tractors", "A farmer stands beside", "Credit:")
    x.roles(
        {
            "Europe": "section",
            "13/03/2023 19:40 CET": "date",
            "Farmers drive their tractors along the Champs-Elysées": "caption",
            "A farmer stands beside his tractor": "caption",
            "Credit: Ludovic Marin/AFP via Getty Images": "caption",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 13. Australian site: "Last updated on ... AEST", "Technology Editor", mid-article ad label, and a
#     "Trending Now" box with headlines in the middle of the story

AU_EVS = page(
    "Technology",
    "Electric car sales double in Australia as cheaper models arrive",
    "By Jonathan Reeve, Technology Editor",
    "Last updated on 21 June 2023 7:45am AEST",
    (
        "Australians bought more than twice as many electric cars in the first five months of the year as in "
        "the same period of 2022, new industry figures show."
    ),
    (
        "The Electric Vehicle Council said 33,400 battery-powered cars were sold between January and May, "
        "making up 7.9% of all new car sales."
    ),
    "Story continues below advertisement",
    (
        "The growth was driven by the arrival of several models priced under $50,000, including cars from "
        "Chinese manufacturers BYD and MG."
    ),
    "Trending Now",
    "Sydney house prices rise for fourth month in a row",
    "Qantas to resume direct flights to Rome next year",
    "Why your power bill is going up again in July",
    (
        "Council chief executive Behyad Jafari said the figures showed demand was strong, but warned that a "
        "lack of public chargers outside the cities was holding buyers back."
    ),
    (
        "The federal government is expected to introduce fuel-efficiency standards for new cars later this "
        "year, a move the industry says would bring more models to Australia."
    ),
)


def test_australian_story_with_trending_box_inside_the_article() -> None:
    x = Expect(AU_EVS, "gen_au_evs")
    x.fields(
        section="Technology",
        title="Electric car sales double in Australia as cheaper models arrive",
        byline="Jonathan Reeve",
        published=utc(2023, 6, 20, 21, 45),
    )
    x.kept(
        "Australians bought more than twice as many",
        "The growth was driven by the arrival",
        "Council chief executive Behyad Jafari",
        "The federal government is expected",
    )
    x.dropped(
        "Story continues below advertisement",
        "Trending Now",
        "Sydney house prices",
        "Qantas to resume",
        "Why your power bill",
    )
    x.roles(
        {
            "Story continues below advertisement": "chrome",
            "Trending Now": ("chrome", "related"),
            "Sydney house prices rise": ("related", "chrome"),
            "Qantas to resume direct flights": ("related", "chrome"),
            "Why your power bill": ("related", "chrome"),
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 14. US sports page: a full-stopped standfirst above "Written by", "Posted on ... p.m. ET" in January,
#     a caption printed twice

BALLPARK = page(
    "Minor league team to leave historic ballpark after 90 years",
    (
        "The Riverton Hawks will play one final season at Memorial Field before moving to a new stadium "
        "across the river."
    ),
    "Written by Hannah Price",
    "Posted on January 10, 2023 at 9:30 p.m. ET",
    (
        "The Riverton Hawks will leave Memorial Field, their home since 1933, at the end of the coming season, "
        "the team’s owners announced on Tuesday."
    ),
    (
        "The Class A affiliate will move into a $68 million stadium being built on the site of a former rail "
        "yard on the east bank of the river."
    ),
    "Memorial Field, seen from the upper stands during the Hawks’ home opener last April",
    "Memorial Field, seen from the upper stands during the Hawks’ home opener last April",
    (
        "Team president Rick Delgado said the old ballpark no longer met league standards for lighting, "
        "clubhouses and accessibility."
    ),
    (
        "“Nobody loves this place more than we do, but we can’t ask players and fans to put up with a "
        "building from the 1930s,” he said."
    ),
    (
        "The city has not decided what will happen to the ballpark, which is listed on the state register of "
        "historic places."
    ),
    "A group of fans has started a petition calling for it to be kept for youth and college games.",
    "Tickets for the final season go on sale on February 1.",
    blank=True,
)


def test_sports_story_with_standfirst_and_caption_printed_twice() -> None:
    x = Expect(BALLPARK, "gen_ballpark")
    caption = "Memorial Field, seen from the upper stands during the Hawks’ home opener last April"
    x.fields(
        title="Minor league team to leave historic ballpark after 90 years",
        byline="Hannah Price",
        published=utc(2023, 1, 11, 2, 30),
        captions=[caption],
    )
    x.opens_with("The Riverton Hawks will play one final")  # the standfirst
    x.kept("The Riverton Hawks will leave Memorial Field", "Tickets for the final season")
    x.dropped(caption, "Written by")
    x.roles(
        {
            "The Riverton Hawks will play one final season": "body",
            "Written by Hannah Price": "byline",
            "Posted on January 10, 2023 at 9:30 p.m. ET": "date",
            caption: "caption",
        }
    )
    twice = _find(x.art, caption)
    x.that(len(twice) == 2 and twice[1].duplicate_of == twice[0].seq, "second copy should point at the first")
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 15. Football report: section label, "(Photo by .../Getty Images)" caption, "Advertisement", a plain
#     "Related" heading with headlines at the end

FOOTBALL = page(
    "Football",
    "Late Okafor header earns Harrow Town first win of the season",
    "By Daniel Marsh",
    "Sat 14 Oct 2023 17.05 BST",
    (
        "Harrow Town finally got their season up and running as substitute Emeka Okafor headed an 89th-minute "
        "winner to beat Stanmore Rovers 2-1 at Earlsmead."
    ),
    (
        "The hosts had gone behind early when Rovers captain Jack Fenton curled a free-kick into the top "
        "corner after only six minutes."
    ),
    "Advertisement",
    (
        "Harrow levelled before the break through Luke Adams, who tapped in at the far post after goalkeeper "
        "Ben Carr could only parry a low cross."
    ),
    "Harrow Town players celebrate at the final whistle (Photo by Jack Thomas/Getty Images)",
    (
        "Okafor, who had been on the pitch for just four minutes, rose highest to meet a corner from Adams and "
        "send the home supporters into raptures."
    ),
    (
        "“We’ve been waiting for that one for a long time,” said manager Steve Baker. “The lads never stopped "
        "believing.”"
    ),
    "Harrow travel to Hendon on Tuesday night.",
    "Related",
    "Stanmore Rovers sack manager after winless start",
    "Non-league attendances hit 20-year high",
    "Hendon sign former Premier League striker on short-term deal",
)


def test_football_report_with_getty_caption_and_related_list() -> None:
    x = Expect(FOOTBALL, "gen_football")
    x.fields(
        section="Football",
        title="Late Okafor header earns Harrow Town first win of the season",
        byline="Daniel Marsh",
        published=utc(2023, 10, 14, 16, 5),
    )
    x.captions("Harrow Town players celebrate at the final whistle (Photo by Jack Thomas/Getty Images)")
    x.kept("Harrow Town finally got their season", "“We’ve been waiting for that one")
    x.ends_with("Harrow travel to Hendon on Tuesday night.")
    x.dropped(
        "Advertisement",
        "Harrow Town players celebrate",
        "Related",
        "Stanmore Rovers sack",
        "Non-league attendances",
        "Hendon sign",
    )
    x.roles(
        {
            "Advertisement": "chrome",
            "Harrow Town players celebrate": "caption",
            "Related": "related",
            "Stanmore Rovers sack manager": "related",
            "Non-league attendances hit": "related",
            "Hendon sign former": "related",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 16. Food blog: Instagram embed without a date, "Most Read" box, a section label with an ampersand

BAKERY = page(
    "Food & Drink",
    "Bakery’s viral cinnamon buns spark two-hour queues in Bristol",
    "By Lucy Tran",
    "2 May 2023",
    (
        "A small bakery in Bristol has been forced to limit customers to four buns each after a video of its "
        "cardamom and cinnamon knots was viewed more than three million times."
    ),
    (
        "Owner Freya Lind, who opened the shop on Gloucester Road two years ago, said queues had started "
        "forming before 7am every day since the clip was posted last week."
    ),
    "View this post on Instagram",
    "A post shared by Freya Lind (@freyabakes)",
    ("“We normally bake about 300 a day. On Saturday we made 1,100 and we still sold out by eleven,” she said."),
    (
        "Neighbouring shops said the crowds had been good for business, although some residents have "
        "complained about noise."
    ),
    "The bakery plans to open a second site in the city centre later this year.",
    "Most Read",
    "Bristol named best place to live in the UK",
    "Clifton Suspension Bridge to close for repairs",
    "New ferry route to link city centre and Portishead",
)


def test_food_story_with_undated_instagram_embed_and_most_read_box() -> None:
    x = Expect(BAKERY, "gen_bakery")
    x.fields(
        section="Food & Drink",
        title="Bakery’s viral cinnamon buns spark two-hour queues in Bristol",
        byline="Lucy Tran",
        published=utc(2023, 5, 2),
    )
    x.embed("instagram", "freyabakes", author="Freya Lind", date=None)
    x.kept(
        "A small bakery in Bristol",
        "“We normally bake about 300 a day.",
        "The bakery plans to open a second site in the city centre later this year.",
    )
    x.dropped(
        "View this post on Instagram",
        "A post shared by",
        "Most Read",
        "Bristol named best",
        "Clifton Suspension Bridge",
        "New ferry route",
    )
    x.roles(
        {
            "Food & Drink": "section",
            "2 May 2023": "date",
            "View this post on Instagram": "embed",
            "A post shared by Freya Lind (@freyabakes)": "embed",
            "Most Read": "related",
            "Bristol named best place": "related",
            "Clifton Suspension Bridge": "related",
            "New ferry route": "related",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 17. Business desk: "By X & Y", a first paragraph starting "By the end of the year", body sentences that
#     start with chrome-like words ("Advertising revenue", "Share prices")

MEDIA_JOBS = page(
    "Business",
    "Regional newspaper group to cut 300 jobs as advertising slump deepens",
    "By Helen Frost & Raj Patel",
    "Tuesday 14 March 2023 08:00 GMT",
    (
        "By the end of the year, Northgate Media expects to have closed four printing plants and cut about 300 "
        "jobs, the company said on Tuesday."
    ),
    (
        "Advertising revenue at the group fell by 12% last year as businesses moved their spending to social "
        "media and search engines."
    ),
    "Share this article",
    (
        "Chief executive Laura Simms said the cuts were “painful but necessary” to protect the future of the "
        "group’s 40 local titles."
    ),
    "Share prices across the sector have fallen by a third since January.",
    "Comments from staff on an internal message board described the mood as “grim”.",
    "The National Union of Journalists said it would ballot members at the affected sites.",
)


def test_business_story_whose_sentences_start_like_boilerplate() -> None:
    x = Expect(MEDIA_JOBS, "gen_media_jobs")
    x.fields(
        section="Business",
        title="Regional newspaper group to cut 300 jobs as advertising slump deepens",
        byline="Helen Frost & Raj Patel",
        published=utc(2023, 3, 14, 8, 0),
        comments=[],
    )
    body = [
        "By the end of the year, Northgate Media expects",
        "Advertising revenue at the group fell",
        "Chief executive Laura Simms",
        "Share prices across the sector",
        "Comments from staff on an internal",
        "The National Union of Journalists said",
    ]
    x.kept(*body)
    x.opens_with("By the end of the year")
    x.dropped("Share this article")
    x.roles(dict.fromkeys(body, "body") | {"Share this article": "chrome"})
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 18. Travel magazine: "Words by", reading time, numbered sub-headings in sentence case, "Back to top"

ICELAND = page(
    "Travel",
    "Five things to know before driving Iceland’s Ring Road",
    "Words by Ellie Harper",
    "4 min read",
    (
        "Iceland’s 1,300km Ring Road is one of the great road trips, but its weather, gravel stretches and "
        "long gaps between petrol stations catch out thousands of visitors every year."
    ),
    "1. Check the road conditions before you set off each morning",
    (
        "The national road authority updates its map of closures and conditions several times a day, and "
        "mountain passes can shut with little warning even in June."
    ),
    "2. Never stop on the road to take photographs",
    (
        "Police say drivers pulling up on the carriageway to photograph waterfalls and horses are one of the "
        "main causes of accidents involving tourists."
    ),
    "3. Fill up whenever you have the chance in the east",
    (
        "Petrol stations in the east and north-east can be more than 100km apart, and some close early "
        "outside the summer months."
    ),
    (
        "Whatever you do, give yourself more time than the satnav suggests: most visitors say they wish they "
        "had taken ten days rather than seven."
    ),
    "Back to top",
)


def test_travel_feature_keeps_numbered_sub_headings() -> None:
    x = Expect(ICELAND, "gen_iceland")
    x.fields(
        section="Travel",
        title="Five things to know before driving Iceland’s Ring Road",
        byline="Ellie Harper",
        published=None,
        captions=[],
    )
    headings = [
        "1. Check the road conditions before you set off each morning",
        "2. Never stop on the road to take photographs",
        "3. Fill up whenever you have the chance in the east",
    ]
    x.kept(*headings, "Iceland’s 1,300km Ring Road", "Whatever you do, give yourself more time")
    x.dropped("4 min read", "Back to top", "Words by")
    x.roles(
        dict.fromkeys(headings, "body")
        | {
            "Words by Ellie Harper": "byline",
            "4 min read": "chrome",
            "Back to top": "chrome",
        }
    )
    x.done()


# ---------------------------------------------------------------------------------------------------------
# 19. Weather desk: a two-line tweet ending in a t.co link, a caption ending in "Image: Getty Images"

STORM = page(
    "Ireland",
    "Storm Nessa: Status orange wind warning issued for six counties",
    "By Ciarán Walsh",
    "Thu 16 Feb 2023 11.20 GMT",
    (
        "A status orange wind warning has been issued for six western counties as Storm Nessa approaches, "
        "with gusts of up to 130km/h expected on Friday."
    ),
    "The forecaster said the strongest winds would hit Galway, Mayo and Clare from early afternoon.",
    "Met Éireann posted on Twitter:",
    "⚠️ Status Orange Wind Warning for Galway, Mayo, Clare, Kerry, Sligo and Donegal ⚠️",
    "Very strong and gusty southwest winds. Valid 12:00 Friday to 03:00 Saturday. https://t.co/Zx9LmN4pQr",
    "— Met Éireann (@MetEireann) February 16, 2023",
    ("Waves break over the sea wall at Salthill promenade in Galway during an earlier storm. Image: Getty Images"),
    (
        "Local authorities have advised people to stay away from coastal areas and to secure loose objects "
        "such as bins and garden furniture."
    ),
    "The ESB said crews were on standby to deal with power cuts.",
)


def test_weather_story_with_two_line_tweet_and_image_credit_in_caption() -> None:
    x = Expect(STORM, "gen_storm")
    x.fields(
        section="Ireland",
        title="Storm Nessa: Status orange wind warning issued for six counties",
        byline="Ciarán Walsh",
        published=utc(2023, 2, 16, 11, 20),
    )
    tweet = x.embed(
        "tweet", "MetEireann", author="Met Éireann", date=date(2023, 2, 16), links=("https://t.co/Zx9LmN4pQr",)
    )
    if tweet is not None:
        text = tweet.text or ""
        x.that(
            text.startswith("⚠️ Status Orange Wind Warning") and "Valid 12:00 Friday" in text,
            f"tweet text should hold both lines: {text!r}",
        )
    x.captions("Waves break over the sea wall at Salthill promenade")
    x.kept(
        "A status orange wind warning",
        "Met Éireann posted on Twitter:",
        "The ESB said crews were on standby to deal with power cuts.",
    )
    x.dropped("⚠️ Status Orange", "Very strong and gusty", "— Met Éireann", "Waves break over")
    x.roles(
        {
            "Ireland": "section",
            "⚠️ Status Orange Wind Warning": "embed",
            "Very strong and gusty southwest winds": "embed",
            "— Met Éireann (@MetEireann) February 16, 2023": "embed",
            "Waves break over the sea wall": "caption",
        }
    )
    x.done()
