"""The HTML path, one piece of page furniture at a time.

Each fixture is a small news page (a head with meta tags, a site header and nav, an <article> with an <h1>,
a byline and six paragraphs of invented prose, a footer) plus ONE piece under test: a social embed, a
figure with its caption, a reader comment thread, or a block that must be removed (comment form, related
posts, share bar, newsletter box, ad slot, "Read more" box). The expectations are what a careful labeller
gives (see ../shared/CONTRACT.md): embeds, captions and comments land in their own fields and never in the
body; removed blocks leave the body but stay in `segments` with their role and a `<role>.html_*` rule;
the page's own metadata gives title, byline, published (UTC), section and url; every paragraph of prose
stays in `paragraphs`, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import pytest

from newsclean.clean import clean_record
from newsclean.model import Article, Embed, RawRecord, Segment
from newsclean.vocab import Rule

# ---------------------------------------------------------------------------------------------------------
# the stories (invented) and the page builder


@dataclass(frozen=True)
class Story:
    headline: str
    author: str
    paragraphs: tuple[str, ...]


HARBOUR = Story(
    "Harbour wall to be raised by a metre after record tide",
    "Jane Marlow",
    (
        "Engineers will raise the harbour wall at Eastmouth by almost a metre over the next two years, after "
        "Tuesday's tide came within a hand's width of spilling into the old town for the first time since 1953.",
        "The district council approved the 14.2 million pound scheme on Thursday evening by nine votes to two, "
        "with the remaining money expected to come from the Environment Agency's coastal defence fund.",
        "Residents of Quay Street, where sandbags were stacked against front doors on Tuesday night, packed the "
        "public gallery and applauded when the result of the vote was read out.",
        "Councillor Ruth Abara, who chairs the planning committee, said the town had been lucky this winter and "
        "could not count on being lucky again. She said the work would begin at the southern end in September.",
        "The wall was last rebuilt in the late 1950s and has been patched many times since. A survey carried out "
        "in 2021 found cracks along a third of its length and recommended that it be raised within a decade.",
        "Traders on the quay said they supported the plan but asked the council to keep the fish market open "
        "while the work is carried out. The council said a temporary market would be set up on the car park.",
    ),
)

SEED_BANK = Story(
    "Seed bank volunteers sort a record harvest of wildflower seed",
    "Tomas Reyes",
    (
        "Volunteers at the Wakehurst seed bank have sorted more wildflower seed this autumn than in any year "
        "since the collection opened, after a warm and wet summer left meadows across the south unusually full.",
        "The team of forty, most of them retired, spend two mornings a week cleaning seed heads by hand before "
        "the seed is dried, counted and sealed into glass jars for storage at minus twenty degrees.",
        "Dr Helen Achebe, who runs the collection, said the harvest included seed from eleven species that had "
        "not been collected in Sussex for more than a decade, among them the rare field fleawort.",
        "Some of the seed will be sent to farmers who are turning arable land back into meadow. Last year the "
        "bank supplied enough seed to sow about three hundred hectares across four counties.",
        "The work is slow. A single kilogram of orchid seed can hold millions of grains, and each batch must be "
        "checked under a microscope to make sure that the seeds are full and likely to germinate.",
        "The seed bank is open to visitors on weekdays, and the volunteers say they are always glad of more "
        "hands, particularly in October and November when the bulk of the harvest arrives.",
    ),
)

TRAMS = Story(
    "Night trams to run on weekends from the spring",
    "Priya Natarajan",
    (
        "Trams will run through the night on Fridays and Saturdays from the start of April, the transport "
        "authority announced on Monday, ending a three-year campaign by bar and restaurant workers.",
        "Services on the two busiest lines will run every twenty minutes between midnight and five in the "
        "morning, with a flat fare of two pounds for any journey made after midnight.",
        "The authority said a six-month trial in 2023 had carried more than ninety thousand passengers, twice "
        "as many as it had forecast, and had cost less to run than the night buses it replaced.",
        "Maria Okafor, who works at a restaurant in the city centre and helped to organise the campaign, said "
        "the change meant she would no longer have to wait an hour for a bus after finishing a late shift.",
        "Police said there had been no rise in reported crime on the lines during the trial, and that officers "
        "would continue to patrol the larger stops on weekend nights.",
        "The authority will review the service after a year and said it would consider adding a third line if "
        "the number of passengers held up through the winter months.",
    ),
)

DEFAULT_HEAD = """
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{headline} | The Eastern Courier</title>
<meta name="description" content="The latest local news from the Eastern Courier.">
<meta property="og:site_name" content="The Eastern Courier">
<meta property="og:type" content="article">
<link rel="stylesheet" href="/static/css/site.css">
<script src="/static/js/site.js"></script>
"""


def p(text: str) -> str:
    return f"<p>{text}</p>"


def prose(story: Story, piece: str | Sequence[str] = (), at: int = 3) -> list[str]:
    """The story's paragraphs as <p> elements, with `piece` (one block or several) after paragraph `at`."""
    parts = [p(t) for t in story.paragraphs]
    pieces = [piece] if isinstance(piece, str) else list(piece)
    return [*parts[:at], *pieces, *parts[at:]]


def page(
    *,
    head: str | None = None,
    body_parts: Sequence[str],
    story: Story = HARBOUR,
    content_class: str = "entry-content",
    before: Sequence[str] = (),
    after: Sequence[str] = (),
) -> bytes:
    """A whole news page: `body_parts` inside the article's content div, `before` between the byline and
    the content, `after` below the article (where comment threads and forms sit)."""
    head = DEFAULT_HEAD.format(headline=story.headline) if head is None else head
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>{head}</head>
<body class="single single-post">
<header class="site-header">
  <a class="site-logo" href="/">The Eastern Courier</a>
  <nav class="main-nav"><ul>
    <li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
    <li><a href="/business/">Business</a></li><li><a href="/whats-on/">What's On</a></li>
    <li><a href="/contact/">Contact us</a></li>
  </ul></nav>
</header>
<main id="main" class="site-main">
<article id="post-4821" class="post-4821 post type-post status-publish">
  <header class="entry-header">
    <h1 class="entry-title">{story.headline}</h1>
    <div class="entry-meta"><span class="byline">By <a rel="author" href="/author/x/">{story.author}</a></span>
    <time class="published" datetime="2024-03-14T09:30:00+01:00">14 March 2024</time></div>
  </header>
  {"".join(before)}
  <div class="{content_class}">
    {"".join(body_parts)}
  </div>
</article>
{"".join(after)}
</main>
<footer class="site-footer">
  <p>&copy; 2024 Eastern Courier Media Ltd. All rights reserved.</p>
  <ul><li><a href="/privacy/">Privacy policy</a></li><li><a href="/terms/">Terms and conditions</a></li></ul>
</footer>
</body>
</html>"""
    return html.encode("utf-8")


@cache
def clean(html: bytes, url: str | None = None) -> Article:
    out = clean_record(RawRecord("doc", "doc.html", "html", html, payload="html", url=url))
    assert isinstance(out, Article), f"expected an Article, got {out!r}"
    return out


def containing(art: Article, phrase: str) -> list[Segment]:
    return [s for s in art.segments if phrase in s.text]


def describe(segs: list[Segment]) -> str:
    return "; ".join(f"#{s.seq} {s.role}/{s.rule}: {s.text[:60]!r}" for s in segs) or "no segment"


def assert_prose_kept(art: Article, story: Story) -> None:
    """Every paragraph of the story is a paragraph of the article, in the story's order."""
    missing = [t[:60] for t in story.paragraphs if t not in art.paragraphs]
    assert not missing, f"paragraphs missing: {missing}; paragraphs: {[x[:40] for x in art.paragraphs]}"
    positions = [art.paragraphs.index(t) for t in story.paragraphs]
    assert positions == sorted(positions), "the story's paragraphs are out of order"


def assert_not_in_body(art: Article, phrases: Sequence[str]) -> None:
    leaked = [ph for ph in phrases if ph in art.body]
    assert not leaked, f"in body: {leaked}; " + " | ".join(describe(containing(art, ph)) for ph in leaked)


def assert_role(art: Article, phrases: Sequence[str], role: str, rule_prefix: str = "html_") -> None:
    """Each phrase is in at least one segment, and every segment holding it has `role` and a rule named
    `<role>.<rule_prefix>...` (a selector's rule `<role>.html_*`; "" for any rule of that role: a phrase
    rule, or the body model's `<role>.model`)."""
    for phrase in phrases:
        segs = containing(art, phrase)
        assert segs, f"{phrase!r} is in no segment"
        wrong = [s for s in segs if s.role != role or not (s.rule or "").startswith(f"{role}.{rule_prefix}")]
        assert not wrong, f"{phrase!r}: expected {role}/{role}.{rule_prefix}*, got {describe(wrong)}"


# ---------------------------------------------------------------------------------------------------------
# embeds

TWEET = """
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The tide gauge at Eastmouth has just recorded its
highest reading since 1953. Please stay away from the sea front tonight. <a href="https://t.co/Xq4RtB2mKp">pic.twitter.com/Xq4RtB2mKp</a></p>&mdash;
Eastmouth Coastguard (@EastmouthCG) <a
 href="https://twitter.com/EastmouthCG/status/1760012345678901234?ref_src=twsrc%5Etfw"
>February 20, 2024</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>
"""
TWEET_TEXT = "The tide gauge at Eastmouth has just recorded its highest reading since 1953."

INSTAGRAM = """
<blockquote class="instagram-media" data-instgrm-captioned
 data-instgrm-permalink="https://www.instagram.com/p/BqXkL2hG5eT/" data-instgrm-version="8"
 style="background:#FFF; border:0; margin: 1px; max-width:658px;"><div style="padding:8px;">
 <div style="background:#F8F8F8; line-height:0; margin-top:40px; padding:50% 0; text-align:center;"></div>
 <p style="margin:8px 0 0 0; padding:0 4px;"><a href="https://www.instagram.com/p/BqXkL2hG5eT/"
 style="color:#000; font-family:Arial,sans-serif;" target="_blank">First jars of the season are sealed and
 labelled. Thank you to every one of our volunteers! #seedbank #wakehurst</a></p>
 <p style="color:#c9c8cd; font-family:Arial,sans-serif; font-size:14px;">A post shared by
 <a href="https://www.instagram.com/wakehurstplace/" target="_blank"> Wakehurst Place</a> (@wakehurstplace) on
 <time style="font-family:Arial,sans-serif; font-size:14px;" datetime="2023-11-21T16:04:33+00:00">Nov 21, 2023
 at 8:04am PST</time></p></div></blockquote>
<script async defer src="//www.instagram.com/embed.js"></script>
"""
INSTAGRAM_TEXT = "First jars of the season are sealed and labelled."
INSTAGRAM_LINK = "https://www.instagram.com/p/BqXkL2hG5eT/"

TIKTOK = """
<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@nighttramsnow/video/7301234567890123456"
 data-video-id="7301234567890123456" style="max-width: 605px;min-width: 325px;"><section>
 <a target="_blank" title="@nighttramsnow" href="https://www.tiktok.com/@nighttramsnow?refer=embed">@nighttramsnow</a>
 <p>Waiting 58 minutes for the night bus after a double shift, again. Sign the petition for night trams
 <a title="nighttrams" target="_blank" href="https://www.tiktok.com/tag/nighttrams?refer=embed">#nighttrams</a></p>
 <a target="_blank" title="&#9836; original sound - Night Trams Now"
 href="https://www.tiktok.com/music/original-sound-7301234567890000000?refer=embed">&#9836; original sound -
 Night Trams Now</a></section></blockquote>
<script async src="https://www.tiktok.com/embed.js"></script>
"""
TIKTOK_TEXT = "Waiting 58 minutes for the night bus after a double shift, again."
TIKTOK_LINK = "https://www.tiktok.com/@nighttramsnow/video/7301234567890123456"

YOUTUBE_SRC = "https://www.youtube.com/embed/q3Zr8TnVb4M?si=Hk2l0x"
YOUTUBE = f"""
<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">
<iframe width="560" height="315" src="{YOUTUBE_SRC}" title="YouTube video player" frameborder="0"
 allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture"
 allowfullscreen></iframe></div></figure>
"""

VIMEO_SRC = "https://player.vimeo.com/video/912345678?h=4c1e2b7a9d&badge=0"
VIMEO = f"""
<div style="padding:56.25% 0 0 0;position:relative;"><iframe src="{VIMEO_SRC}"
 frameborder="0" allow="autoplay; fullscreen; picture-in-picture" style="position:absolute;top:0;left:0;"
 title="Night trams: the trial in six minutes"></iframe></div>
<script src="https://player.vimeo.com/api/player.js"></script>
"""


@dataclass(frozen=True)
class EmbedCase:
    id: str
    html: str
    story: Story
    kind: str
    link: str  # a link the embed's `links` must hold
    text: str | None  # a piece of the embed's text that must be in `text` and not in body
    leaks: tuple[str, ...] = ()  # more of the embed's printed text that must not be in body


EMBEDS = [
    EmbedCase("tweet", TWEET, HARBOUR, "tweet", "https://t.co/Xq4RtB2mKp", TWEET_TEXT, ("pic.twitter.com", "@Eastm")),
    EmbedCase(
        "instagram",
        INSTAGRAM,
        SEED_BANK,
        "instagram",
        INSTAGRAM_LINK,
        INSTAGRAM_TEXT,
        ("A post shared by", "@wakehurstplace"),
    ),
    EmbedCase("tiktok", TIKTOK, TRAMS, "tiktok", TIKTOK_LINK, TIKTOK_TEXT, ("@nighttramsnow", "original sound")),
    EmbedCase("youtube", YOUTUBE, HARBOUR, "youtube", YOUTUBE_SRC, None),
    EmbedCase("vimeo", VIMEO, TRAMS, "vimeo", VIMEO_SRC, None),
]


def embed_page(case: EmbedCase) -> Article:
    return clean(page(body_parts=prose(case.story, case.html), story=case.story))


def only_embed(art: Article) -> Embed:
    assert len(art.embeds) == 1, f"expected one embed, got {art.embeds}"
    return art.embeds[0]


@pytest.mark.parametrize("case", EMBEDS, ids=lambda c: c.id)
def test_embed_kind_and_links(case: EmbedCase) -> None:
    embed = only_embed(embed_page(case))
    assert embed.kind == case.kind
    assert case.link in embed.links, f"{case.link} not in {embed.links}"


@pytest.mark.parametrize("case", [c for c in EMBEDS if c.text], ids=lambda c: c.id)
def test_embed_text(case: EmbedCase) -> None:
    embed = only_embed(embed_page(case))
    assert case.text is not None
    assert embed.text is not None and case.text in embed.text, f"embed text: {embed.text!r}"


@pytest.mark.parametrize("case", [c for c in EMBEDS if c.text], ids=lambda c: c.id)
def test_embed_text_not_in_body(case: EmbedCase) -> None:
    art = embed_page(case)
    assert case.text is not None
    assert_not_in_body(art, [case.text, *case.leaks])


@pytest.mark.parametrize("case", EMBEDS, ids=lambda c: c.id)
def test_embed_has_an_embed_segment(case: EmbedCase) -> None:
    art = embed_page(case)
    segs = [s for s in art.segments if isinstance(s.value, Embed)]
    assert len(segs) == 1 and segs[0].role == "embed", describe(segs)


@pytest.mark.parametrize("case", EMBEDS, ids=lambda c: c.id)
def test_embed_page_keeps_prose(case: EmbedCase) -> None:
    assert_prose_kept(embed_page(case), case.story)


def test_tweet_signature() -> None:
    embed = only_embed(embed_page(EMBEDS[0]))
    assert (embed.author, embed.handle, embed.date) == ("Eastmouth Coastguard", "EastmouthCG", date(2024, 2, 20))


def test_tweet_text_is_the_tweet_only() -> None:
    """The text is what the tweet says: not the signature, not the date."""
    text = only_embed(embed_page(EMBEDS[0])).text or ""
    assert text.startswith("The tide gauge at Eastmouth"), text
    assert "Please stay away from the sea front tonight." in text
    assert "@EastmouthCG" not in text and "February 20, 2024" not in text, text


def test_instagram_attribution() -> None:
    """ "A post shared by Wakehurst Place (@wakehurstplace) on <time>" names the author, handle and date;
    the text is the post's caption, not that attribution line."""
    embed = only_embed(embed_page(EMBEDS[1]))
    assert (embed.author, embed.handle, embed.date) == ("Wakehurst Place", "wakehurstplace", date(2023, 11, 21))
    assert "A post shared by" not in (embed.text or "")


def test_tiktok_handle() -> None:
    embed = only_embed(embed_page(EMBEDS[2]))
    assert embed.handle == "nighttramsnow"


# ---------------------------------------------------------------------------------------------------------
# lifted: captions and reader comments

FIGURE = """
<figure class="wp-block-image size-large">
  <img src="/wp-content/uploads/2024/03/quay-street.jpg" alt="Sandbags against front doors" width="1024" height="683">
  <figcaption class="wp-element-caption">Sandbags were stacked against front doors on Quay Street on Tuesday
  night. <span class="credit">Photograph: Sam Whitlock/Eastern Courier</span></figcaption>
</figure>
"""
CAPTION_TEXT = "Sandbags were stacked against front doors on Quay Street on Tuesday night."
CREDIT_TEXT = "Photograph: Sam Whitlock/Eastern Courier"


def figure_page() -> Article:
    return clean(page(body_parts=prose(HARBOUR, FIGURE, at=2)))


def test_figure_caption_in_captions() -> None:
    captions = figure_page().captions
    assert sum(CAPTION_TEXT in c for c in captions) == 1, captions
    assert sum(CREDIT_TEXT in c for c in captions) == 1, captions


def test_figure_caption_not_in_body() -> None:
    assert_not_in_body(figure_page(), [CAPTION_TEXT, CREDIT_TEXT, "Sam Whitlock"])


def test_figure_caption_segments() -> None:
    assert_role(figure_page(), [CAPTION_TEXT, CREDIT_TEXT], "caption")


def test_figure_page_keeps_prose() -> None:
    assert_prose_kept(figure_page(), HARBOUR)


COMMENTS = (
    "I have lived on Quay Street for forty years and Tuesday was the closest it has ever come. About time.",
    "Nine votes to two, and still nobody has said what happens to the slipway while the work goes on.",
    "The slipway stays open, according to the report on the council website, page twelve.",
)


def wp_comment(n: int, name: str, when: str, text: str, children: str = "") -> str:
    return f"""
<li id="comment-{n}" class="comment even thread-even depth-1">
  <article id="div-comment-{n}" class="comment-body">
    <footer class="comment-meta">
      <div class="comment-author vcard"><img alt="" src="/avatar/{n}.png" class="avatar" height="42" width="42">
        <b class="fn">{name}</b> <span class="says">says:</span></div>
      <div class="comment-metadata"><a href="#comment-{n}"><time datetime="2024-03-14T18:{n:02d}:00+00:00">{when}
        </time></a></div>
    </footer>
    <div class="comment-content"><p>{text}</p></div>
    <div class="reply"><a rel="nofollow" class="comment-reply-link" href="?replytocom={n}#respond">Reply</a></div>
  </article>
  {children}
</li>"""


REPLIES = (
    '<ol class="children">' + wp_comment(13, "Harbourmaster Fan", "March 14, 2024 at 6:13 pm", COMMENTS[2]) + "</ol>"
)
COMMENT_THREAD = f"""
<div id="comments" class="comments-area">
  <h2 class="comments-title">3 thoughts on &ldquo;{HARBOUR.headline}&rdquo;</h2>
  <ol class="commentlist">
    {wp_comment(11, "Margaret Ellis", "March 14, 2024 at 6:11 pm", COMMENTS[0])}
    {wp_comment(12, "D. Pryce", "March 14, 2024 at 6:12 pm", COMMENTS[1], REPLIES)}
  </ol>
</div>
"""


def comments_page() -> Article:
    return clean(page(body_parts=prose(HARBOUR), after=[COMMENT_THREAD]))


def test_comments_in_comments() -> None:
    assert comments_page().comments == list(COMMENTS)


def test_comments_not_in_body() -> None:
    assert_not_in_body(comments_page(), [*COMMENTS, "Margaret Ellis", "says:", "3 thoughts on", "Reply"])


def test_comments_page_keeps_prose() -> None:
    assert_prose_kept(comments_page(), HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# removed blocks

COMMENT_FORM = """
<div id="respond" class="comment-respond">
  <h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow"
   id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3>
  <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
    <p class="comment-notes"><span id="email-notes">Your email address will not be published.</span>
     <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>
    <p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label>
     <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
    <p class="comment-form-author"><label for="author">Name <span class="required">*</span></label>
     <input id="author" name="author" type="text" value="" size="30" maxlength="245" required></p>
    <p class="comment-form-email"><label for="email">Email <span class="required">*</span></label>
     <input id="email" name="email" type="email" value="" size="30" maxlength="100" required></p>
    <p class="comment-form-url"><label for="url">Website</label>
     <input id="url" name="url" type="url" value="" size="30" maxlength="200"></p>
    <p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent"
     name="wp-comment-cookies-consent" type="checkbox" value="yes"> <label for="wp-comment-cookies-consent">Save
     my name, email, and website in this browser for the next time I comment.</label></p>
    <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment">
     <input type="hidden" name="comment_post_ID" value="4821" id="comment_post_ID"></p>
  </form>
</div>
"""

RELATED = """
<div class="related-posts">
  <h3 class="related-posts__title">Related posts</h3>
  <ul>
    <li><a href="/news/2024/02/sea-front-shelters-to-be-repaired/">Sea front shelters to be repaired before
     Easter</a> <span class="date">February 2, 2024</span></li>
    <li><a href="/news/2024/01/fish-market-lease-renewed/">Fish market lease renewed for another ten
     years</a> <span class="date">January 19, 2024</span></li>
    <li><a href="/news/2023/12/storm-damage-on-the-promenade/">Storm leaves a trail of damage on the
     promenade</a> <span class="date">December 8, 2023</span></li>
  </ul>
</div>
"""

SHARE = """
<div class="share-buttons">
  <span class="share-buttons__label">Share this article</span>
  <a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fx">Share
   on Facebook</a>
  <a class="share-twitter" href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.org%2Fx">Share on X</a>
  <a class="share-whatsapp" href="https://wa.me/?text=https%3A%2F%2Fexample.org%2Fx">Share on WhatsApp</a>
  <a class="share-email" href="mailto:?subject=Harbour%20wall">Share by email</a>
</div>
"""

NEWSLETTER = """
<div class="newsletter-signup">
  <h4>Get the Morning Briefing</h4>
  <p>The day's top local stories in your inbox at 7am, every weekday.</p>
  <form action="/newsletter/subscribe" method="post"><input type="email" name="email" placeholder="Your email
   address"><button type="submit">Sign up</button></form>
  <p class="newsletter-signup__small">We will never share your details. You can unsubscribe at any time.</p>
</div>
"""

AD_SLOT = """
<div class="ad-slot ad-slot--mpu" data-slot="mpu_1">
  <span class="ad-slot__label">Advertisement</span>
  <div id="div-gpt-ad-1700000000001-0" style="min-width:300px;min-height:250px;"></div>
</div>
"""

READ_MORE = """
<div class="read-more">
  <span class="read-more__label">Read more</span>
  <a href="/news/2024/03/why-the-last-bookshop-refused-to-close/">Why the town's last bookshop refused to close</a>
</div>
"""

AUTHOR_BOX = """
<div class="author-box">
  <img class="author-box__photo" src="/img/authors/jane-marlow.jpg" alt="">
  <h4 class="author-box__name">About Jane Marlow</h4>
  <p class="author-box__bio">Jane Marlow has covered the coast for the Courier since 2009. She lives in Eastmouth
   with two very muddy spaniels.</p>
  <a href="/author/jane-marlow/">More stories by Jane Marlow</a>
</div>
"""

READING_TIME = '<span class="reading-time">4 min read</span>'

BREADCRUMBS = """
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/news/">News</a> &rsaquo;
 <a href="/news/eastmouth/">Eastmouth</a></nav>
"""

POST_NAVIGATION = """
<nav class="navigation post-navigation" aria-label="Posts">
  <div class="nav-previous"><a href="/news/2024/03/lifeboat/">Previous: Lifeboat crew called out twice in one
   night</a></div>
  <div class="nav-next"><a href="/news/2024/03/pier-lights/">Next: Pier lights to be switched on again</a></div>
</nav>
"""

SIDEBAR = """
<aside id="sidebar" class="widget-area">
  <section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
    <li><a href="/news/2024/03/beach-huts/">Beach hut rents to rise by a fifth</a></li>
    <li><a href="/news/2024/03/ferry/">Summer ferry timetable published</a></li></ul></section>
  <section class="widget widget_text"><div class="textwidget"><p>The Eastern Courier is your independent voice
   for the east coast, every day since 1872.</p></div></section>
</aside>
"""

FOOTER_WIDGETS = """
<div class="footer-widgets"><p>The Eastern Courier is published by Eastern Courier Media Ltd, 12 Quay Street,
 Eastmouth. Registered in England and Wales.</p></div>
"""


CONTROLS = """
<div class="poll"><p>Should the wall be raised?</p>
<select name="vote"><option>Yes, as planned</option><option>No, leave it as it is</option></select>
<button type="submit">Cast your vote</button></div>
"""


@dataclass(frozen=True)
class RemovedCase:
    id: str
    html: str
    role: str
    phrases: tuple[str, ...]  # printed text of the block: in segments with `role`, never in body
    where: str = "body"  # "body": among the paragraphs; "before": above the content; "after": below the article
    selector: bool = False  # taken by a selector of selectors.toml (a structure that names itself)
    extra_leaks: tuple[str, ...] = field(default=())  # short words checked only for absence from body


REMOVED = [
    RemovedCase(
        "comment_form",
        COMMENT_FORM,
        "comment_form",
        ("Leave a Reply", "Your email address will not be published.", "Save my name, email, and website"),
        where="after",
        extra_leaks=("Required fields are marked", "Post Comment", "Cancel reply"),
        selector=True,
    ),
    RemovedCase(
        "related",
        RELATED,
        "related",
        ("Related posts", "Sea front shelters to be repaired", "Fish market lease renewed", "Storm leaves a trail"),
        where="body_end",
    ),
    RemovedCase(
        "share",
        SHARE,
        "chrome",
        ("Share on Facebook", "Share on WhatsApp"),
        where="before",
        extra_leaks=("Share this article", "Share by email", "Share on X"),
    ),
    RemovedCase(
        "newsletter",
        NEWSLETTER,
        "chrome",
        ("Get the Morning Briefing", "The day's top local stories in your inbox", "You can unsubscribe at any time."),
    ),
    RemovedCase("ad_slot", AD_SLOT, "chrome", ("Advertisement",)),
    RemovedCase(
        "read_more",
        READ_MORE,
        "promo",
        ("Why the town's last bookshop refused to close",),
        extra_leaks=("Read more",),
    ),
    RemovedCase(
        "author_box",
        AUTHOR_BOX,
        "chrome",
        ("About Jane Marlow", "Jane Marlow has covered the coast", "More stories by Jane Marlow"),
        where="body_end",
    ),
    RemovedCase("reading_time", READING_TIME, "chrome", ("4 min read",), where="before"),
    RemovedCase("breadcrumbs", BREADCRUMBS, "chrome", ("News › Eastmouth",), where="before"),
    RemovedCase(
        "post_navigation",
        POST_NAVIGATION,
        "related",
        ("Lifeboat crew called out twice", "Pier lights to be switched on again"),
        where="after",
    ),
    RemovedCase(
        "sidebar",
        SIDEBAR,
        "chrome",
        ("Recent Posts", "Beach hut rents to rise", "your independent voice for the east coast"),
        where="after",
    ),
    RemovedCase("footer", FOOTER_WIDGETS, "chrome", ("published by Eastern Courier Media Ltd",), where="after"),
    RemovedCase("controls", CONTROLS, "chrome", ("Yes, as planned", "Cast your vote"), where="body_end", selector=True),
]


def removed_page(case: RemovedCase) -> Article:
    if case.where == "before":
        html = page(body_parts=prose(HARBOUR), before=[case.html])
    elif case.where == "after":
        html = page(body_parts=prose(HARBOUR), after=[case.html])
    elif case.where == "body_end":
        html = page(body_parts=prose(HARBOUR, case.html, at=len(HARBOUR.paragraphs)))
    else:
        html = page(body_parts=prose(HARBOUR, case.html, at=3))
    return clean(html)


@pytest.mark.parametrize("case", REMOVED, ids=lambda c: c.id)
def test_removed_block_not_in_body(case: RemovedCase) -> None:
    assert_not_in_body(removed_page(case), [*case.phrases, *case.extra_leaks])


@pytest.mark.parametrize("case", REMOVED, ids=lambda c: c.id)
def test_removed_block_segments(case: RemovedCase) -> None:
    """The block's text stays in `segments` with the role a careful labeller gives it: from a selector that
    names the structure (comment forms, form controls), or from the body model and what the block's class
    words say (related, chrome), or from a phrase rule."""
    assert_role(removed_page(case), case.phrases, case.role, rule_prefix="html_" if case.selector else "")


@pytest.mark.parametrize("case", REMOVED, ids=lambda c: c.id)
def test_removed_block_page_keeps_prose(case: RemovedCase) -> None:
    art = removed_page(case)
    assert_prose_kept(art, HARBOUR)
    assert not art.comments and not art.embeds and not art.captions


# ---------------------------------------------------------------------------------------------------------
# second line of defence: a promo line printed as a paragraph of the article

PROMO_LINE = "READ MORE: Sea front shelters to be repaired before Easter"


def promo_page() -> Article:
    return clean(page(body_parts=prose(HARBOUR, p(PROMO_LINE), at=4)))


def test_promo_paragraph_is_a_promo_segment() -> None:
    segs = containing(promo_page(), "Sea front shelters to be repaired")
    assert segs and all(s.role == "promo" for s in segs), describe(segs)


def test_promo_paragraph_not_in_body() -> None:
    art = promo_page()
    assert_not_in_body(art, ["READ MORE", "Sea front shelters to be repaired"])
    assert_prose_kept(art, HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# guards: a furniture word in the class of the element that holds the article


@pytest.mark.parametrize(
    "content_class",
    [
        "entry-content share-enabled",
        "article-body social-share-wrapper",
        "post-content has-related-links",
        "l-sidebar-fixed",
    ],
)
def test_furniture_class_on_the_article_text_keeps_it(content_class: str) -> None:
    art = clean(page(body_parts=prose(SEED_BANK, SHARE, at=1), story=SEED_BANK, content_class=content_class))
    assert_prose_kept(art, SEED_BANK)
    assert_not_in_body(art, ["Share on Facebook"])


# ---------------------------------------------------------------------------------------------------------
# metadata

OG_HEAD = """
<meta charset="utf-8">
<title>Night trams to run on weekends | The Eastern Courier</title>
<link rel="canonical" href="https://www.easterncourier.example/news/2024/03/night-trams-weekends/">
<meta property="og:title" content="Night trams to run on weekends from the spring">
<meta property="og:type" content="article">
<meta property="og:url" content="https://www.easterncourier.example/news/2024/03/night-trams-weekends/">
<meta name="author" content="Priya Natarajan">
<meta property="article:published_time" content="2024-03-11T07:45:00+01:00">
<meta property="article:modified_time" content="2024-03-11T12:02:00+01:00">
<meta property="article:section" content="Transport">
"""

JSON_LD_HEAD = """
<meta charset="utf-8">
<title>Night trams to run on weekends | The Eastern Courier</title>
<link rel="canonical" href="https://www.easterncourier.example/news/2024/03/night-trams-weekends/">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Night trams to run on weekends from the spring",
 "author": [{"@type": "Person", "name": "Priya Natarajan", "url": "https://www.easterncourier.example/author/pn/"}],
 "datePublished": "2024-03-11T07:45:00+01:00", "dateModified": "2024-03-11T12:02:00+01:00",
 "articleSection": "Transport",
 "publisher": {"@type": "Organization", "name": "The Eastern Courier"}}
</script>
"""

CANONICAL = "https://www.easterncourier.example/news/2024/03/night-trams-weekends/"
HEADS = {"meta_tags": OG_HEAD, "json_ld": JSON_LD_HEAD}


def metadata_page(head: str, url: str | None = None) -> Article:
    return clean(page(head=head, body_parts=prose(TRAMS), story=TRAMS), url)


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_title(head: str) -> None:
    assert metadata_page(head).title == "Night trams to run on weekends from the spring"


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_byline(head: str) -> None:
    assert metadata_page(head).byline == "Priya Natarajan"


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_published_in_utc(head: str) -> None:
    published = metadata_page(head).published
    assert published == datetime(2024, 3, 11, 6, 45, tzinfo=UTC)
    assert published is not None and published.utcoffset() is not None and published.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_section(head: str) -> None:
    assert metadata_page(head).section == "Transport"


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_canonical_url_when_record_has_none(head: str) -> None:
    assert metadata_page(head).url == CANONICAL


def test_metadata_record_url_wins_over_canonical() -> None:
    url = "https://www.easterncourier.example/?p=4821"
    assert metadata_page(OG_HEAD, url).url == url


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_metadata_page_header_not_in_body(head: str) -> None:
    """The headline, the byline line and the site's nav and footer are not article text."""
    art = metadata_page(head)
    assert_not_in_body(art, [TRAMS.headline, "Priya Natarajan", "All rights reserved", "Privacy policy"])
    assert_prose_kept(art, TRAMS)


# ---------------------------------------------------------------------------------------------------------
# white space: a line break in the HTML source is a space, in every field and segment

ALL_PAGES = {
    **{f"embed_{c.id}": (lambda c=c: embed_page(c)) for c in EMBEDS},
    "figure": figure_page,
    "comments": comments_page,
    **{f"removed_{c.id}": (lambda c=c: removed_page(c)) for c in REMOVED},
}


@pytest.mark.parametrize("name", ALL_PAGES)
def test_no_source_line_breaks_in_fields_or_segments(name: str) -> None:
    art = ALL_PAGES[name]()
    texts = [
        *art.paragraphs,
        *art.captions,
        *art.comments,
        *(e.text or "" for e in art.embeds),
        *(s.text for s in art.segments),
    ]
    broken = [t[:80] for t in texts if "\n" in t]
    assert not broken, f"line breaks kept from the HTML source: {broken}"


# ---------------------------------------------------------------------------------------------------------
# kept: loose text, an article written as text and <br>s right after the block holding its lead photo


def loose_text_page() -> Article:
    photo = (
        '<div class="img_box top"><div class="photo"><img src="/img/harbour.jpg" alt="The harbour"></div>'
        '<p class="pic">Photo : Eastmouth Harbour Trust</p></div>'
    )
    loose = "\n<br />\n<br />\n".join(HARBOUR.paragraphs)
    return clean(page(body_parts=[photo, loose]))


def test_loose_text_after_a_block_is_kept() -> None:
    assert_prose_kept(loose_text_page(), HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# kept: article text a paywall class marks as behind the wall ("paywalled", "regwalled")


def test_paragraphs_behind_a_registration_wall_are_kept() -> None:
    walled = [f'<p class="text regwalled">{t}</p>' for t in HARBOUR.paragraphs[3:]]
    art = clean(page(body_parts=[*(p(t) for t in HARBOUR.paragraphs[:3]), *walled]))
    assert_prose_kept(art, HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# the headline printed again as a paragraph of the article is the title, not body


def test_headline_echo_is_not_body() -> None:
    art = clean(page(body_parts=[f"<h2>{HARBOUR.headline}</h2>", *prose(HARBOUR)]))
    assert art.title == HARBOUR.headline
    assert HARBOUR.headline not in art.paragraphs
    echoes = containing(art, HARBOUR.headline)  # the page's <h1> and the <h2> that prints it again
    assert len(echoes) == 2 and all(s.rule == "title.html_headline" for s in echoes), describe(echoes)
    assert_prose_kept(art, HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# speed-up without a change: selectors whose class or id words are not in the page are not asked


@pytest.mark.parametrize("name", ["figure", "comments", *(f"removed_{c.id}" for c in REMOVED)])
def test_asking_only_the_selectors_a_page_can_match_takes_the_same_blocks(name: str) -> None:
    from newsclean.html import dom
    from newsclean.html.lifts import take_lifts

    html = {
        "figure": lambda: page(body_parts=prose(HARBOUR, FIGURE)),
        "comments": lambda: page(body_parts=prose(HARBOUR), after=[COMMENT_THREAD]),
        **{f"removed_{c.id}": (lambda c=c: page(body_parts=prose(HARBOUR, c.html))) for c in REMOVED},
    }[name]().decode("utf-8")
    every, some = dom.parse(html), dom.parse(html)
    chars = dom.page_text_length(every)
    taken_by_every, taken_by_some = [], []
    take_lifts(every, chars, taken_by_every)
    take_lifts(some, chars, taken_by_some, html)
    assert taken_by_every == taken_by_some
    assert every.html == some.html


def test_article_split_over_page_builder_text_widgets_is_kept() -> None:
    widgets = [
        f'<div class="so-panel widget widget_sow-editor"><div class="textwidget">{p(a)}{p(b)}</div></div>'
        for a, b in zip(HARBOUR.paragraphs[::2], HARBOUR.paragraphs[1::2], strict=True)
    ]
    assert_prose_kept(clean(page(body_parts=widgets)), HARBOUR)


# ---------------------------------------------------------------------------------------------------------
# inert markup (drawings, media, frames, inputs) is taken out before extraction: nothing of it reaches the body

INERT_MARKUP = """
<svg viewBox="0 0 10 10"><text x="1" y="5">Zqxsvglabel</text></svg>
<video controls src="/v.mp4"><source src="/v.webm">Your browser cannot play Zqxvideofallback</video>
<audio src="/a.mp3"><a href="/a.mp3">Zqxaudiofallback.mp3</a></audio>
<object data="/x.swf">Zqxobjectfallback</object>
<img src="/p.jpg" alt="Zqximagealt"><input type="text" value="Zqxinputvalue">
"""


def test_inert_markup_is_taken_out_of_the_tree_whole_and_nested() -> None:
    from newsclean.html import dom

    tree = dom.parse(f"<html><body><p>Before the figure.</p>{INERT_MARKUP}<video><svg><img></svg></video><p>After.</p>")
    dom.drop_inert(tree)
    assert not tree.css(dom.INERT)
    assert "Zqx" not in (tree.html or "")
    assert [node.text() for node in tree.css("p")] == ["Before the figure.", "After."]


def test_inert_markup_never_reaches_the_body() -> None:
    art = clean(page(body_parts=prose(HARBOUR, INERT_MARKUP, at=2)))
    assert "Zqx" not in art.body, art.body
    assert_prose_kept(art, HARBOUR)


def test_an_iframe_embed_is_read_before_inert_markup_goes() -> None:
    iframe = '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Harbour flood video"></iframe>'
    art = clean(page(body_parts=prose(HARBOUR, iframe, at=2)))
    assert [e.kind for e in art.embeds] == ["youtube"], art.embeds


def test_a_page_holding_control_characters_is_cleaned_with_its_date_searched() -> None:
    """A control character lxml refuses as text (a real CleanEval page holds one after a script) made
    htmldate's quick search, asked when the page names no date, fail the whole page as an internal error."""
    paragraphs = "".join(p(t) for t in HARBOUR.paragraphs)
    html = f"<html><body><article>{paragraphs}<div><script>var a = 1;</script>\x0b See the plans.</div></article>"
    outcome = clean_record(RawRecord("ctrl", "ctrl.html", "html", html.encode(), payload="html"))
    assert isinstance(outcome, Article), outcome
    assert HARBOUR.paragraphs[0] in outcome.body


def test_trafilatura_runs_in_full_mode_where_fast_mode_finds_far_less_than_resiliparse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fast mode over a long document can take one section of it (a CleanEval page: 1,729 words in full
    mode, one section in fast mode); resiliparse finding far more is the sign to ask full mode."""
    from newsclean.html import evidence

    modes: list[bool] = []
    long_text = " ".join(HARBOUR.paragraphs * 5)

    def fake(html: str, url: str | None, *, fast: bool) -> tuple[str, str]:
        modes.append(fast)
        return (HARBOUR.paragraphs[0], "") if fast else (long_text, "")

    monkeypatch.setattr(evidence, "_trafilatura", fake)
    monkeypatch.setattr(evidence, "_resiliparse", lambda html: long_text)
    found = evidence.gather("<html><body><p>x</p></body></html>", None, page_chars=len(long_text))
    assert modes == [] and not found.trafilatura, "trafilatura is asked only when the quick model is unsure"
    found = found.ask_trafilatura()
    assert modes == [True, False]
    assert found.trafilatura == evidence.Extracted.of(long_text)
    section = " ".join(HARBOUR.paragraphs * 3)  # fast mode finds three fifths of what resiliparse finds
    monkeypatch.setattr(evidence, "_trafilatura", lambda html, url, *, fast: modes.append(fast) or (section, ""))
    modes.clear()
    evidence.gather("<html><body><p>x</p></body></html>", None, page_chars=len(long_text)).ask_trafilatura()
    assert modes == [True]


# ---------------------------------------------------------------------------------------------------------
# the quick model: pages it is sure of are decided before trafilatura runs


ScoreOf = Callable[[int, Any], float]  # (block index, its feature row) -> the score a stand-in model gives


class StandInBooster:
    """Stands in for a LightGBM booster: each block's score from its index and feature row."""

    def __init__(self, score_of: ScoreOf) -> None:
        self.score_of = score_of

    def predict(self, matrix: Any, num_threads: int) -> list[float]:
        return [self.score_of(n, row) for n, row in enumerate(matrix)]


def constant(score: float) -> ScoreOf:
    return lambda _n, _row: score


def stand_in_models(quick: ScoreOf, full: ScoreOf) -> Any:
    """The shipped body models with stand-in boosters (their features and thresholds as shipped)."""
    from newsclean.html import decide

    shipped = decide.body_models()
    return decide.BodyModels(
        replace(shipped.quick, booster=StandInBooster(quick)), replace(shipped.full, booster=StandInBooster(full))
    )


def body_models_scoring(quick: float, full: float) -> Any:
    return stand_in_models(constant(quick), constant(full))


@pytest.mark.parametrize(
    ("quick", "asked", "rules"),
    [
        (0.95, False, {Rule.BODY_QUICK_MODEL}),  # sure, and keeps the page: trafilatura never runs
        (0.5, True, {Rule.BODY_MODEL}),  # unsure of every block
        (0.05, True, {Rule.BODY_MODEL}),  # sure, but keeps nothing: a record would be lost on its word alone
    ],
)
def test_the_quick_model_decides_the_pages_it_is_sure_of_before_trafilatura_runs(
    monkeypatch: pytest.MonkeyPatch, quick: float, asked: bool, rules: set[str]
) -> None:
    from newsclean.html import decide, evidence
    from newsclean.html.pipeline import prepare_page

    calls: list[bool] = []
    real = evidence._trafilatura
    monkeypatch.setattr(evidence, "_trafilatura", lambda *a, **k: calls.append(True) or real(*a, **k))
    prepared = prepare_page(page(body_parts=prose(HARBOUR)).decode(), None)
    decided = decide.decide_page(prepared.blocks, body_models_scoring(quick, 0.9))
    assert bool(calls) == asked and prepared.blocks.evidence.asked_trafilatura == asked
    assert {d.rule for d in decided.decisions} == rules == {decided.kept_rule}
    if asked:
        assert prepared.blocks.trafilatura.max() == 1.0, "the blocks hold trafilatura's verdicts now"


@pytest.mark.parametrize(("body_score", "sure"), [(0.95, True), (0.55, False)])
def test_the_quick_model_is_unsure_of_a_short_body_it_barely_keeps_on_a_page_of_long_menus(
    body_score: float, sure: bool
) -> None:
    """A devset lyrics page: a few short lines the quick model scored 0.5-0.6 (kept, unsure) on a page whose
    menus and archive lists it was sure of. Under a twentieth of the page's words were unsure, all of the
    body's: the page is one to ask trafilatura about."""
    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    menus = [f"<p>{' '.join(f'Archive {month} {year}' for month in range(12))}</p>" for year in range(2000, 2020)]
    lyrics = ["<p>I still have words to say to you</p>", "<p>hard to say, too late to say</p>"]
    blocks = prepare_page(f"<html><body>{''.join(lyrics + menus)}</body></html>", None).blocks
    scores = [body_score if "say" in b.text else 0.01 for b in blocks.blocks]
    assert scores.count(body_score) == 2 and blocks.words[:2].sum() < 0.05 * blocks.words.sum()
    quick = stand_in_models(lambda n, _row: scores[n], constant(0.9)).quick
    found = decide.decide_quick(blocks, quick)
    assert (found is not None) == sure
    if found is not None:
        assert [d.role for d in found[:2]] == ["body", "body"]


def _blog_comments_page() -> str:
    """A blog's comment section that no lift selector names (a Dragnet wedding blog's): each comment a
    `div.comment` holding its header and a plain paragraph."""
    comment = (
        '<div class="comment"><div class="comment_header"><div class="comment_name"><span>{name} writes</span>'
        '</div><div class="comment_date">11/07/12 at 2:{n}7 pm</div></div><p>{text}</p></div>'
    )
    thread = "".join(comment.format(name=name, n=n, text=text) for n, (name, text) in enumerate(BLOG_COMMENTS))
    return page(body_parts=prose(HARBOUR), after=[f"<div class='post-footer'>{thread}</div>"]).decode()


BLOG_COMMENTS = (
    ("Trent", "What a lovely piece of work by everyone involved, I really enjoyed reading about the slipway."),
    ("Adrienne", "This is just beyond words. I would have thought it was an actual event if I had not read it."),
)


def test_prose_the_body_model_would_add_inside_a_comment_section_is_a_comment() -> None:
    """Reader comments are not body, though Dragnet's gold keeps them on some pages and the model learnt to
    add a comment that reads like prose: a block trafilatura left that stands in a comment section is a
    comment, named by its own rule; the article trafilatura kept stays body."""
    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    blocks = prepare_page(_blog_comments_page(), None).blocks
    decided = decide.decide_page(blocks, body_models_scoring(0.5, 0.9))
    rule_of = {b.text: d.rule for b, d in zip(blocks.blocks, decided.decisions, strict=True)}
    assert [rule_of[text] for _, text in BLOG_COMMENTS] == [Rule.COMMENT_ADDED_IN_COMMENTS] * 2
    assert {rule_of[text] for text in HARBOUR.paragraphs} == {Rule.BODY_MODEL}


@pytest.mark.parametrize(("content_class", "comments_taken"), [("entry-content", True), ("commentary", False)])
def test_a_comment_section_after_the_article_is_comments_where_trafilatura_kept_it(
    content_class: str, comments_taken: bool
) -> None:
    """A thread trafilatura's comment finder missed, kept with the article (Dragnet's SB Nation pages): the
    kept blocks in comment sections that follow an article kept outside them are comments. Where the article
    itself stands in a container whose class words say comments ("commentary"), nothing is taken."""
    import numpy as np

    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    html = _blog_comments_page().replace("entry-content", content_class)
    blocks = prepare_page(html, None).blocks
    blocks.ask_trafilatura()
    blocks.trafilatura = np.ones(len(blocks.blocks))  # it kept every block, the thread with the article
    decided = decide.decide(blocks, body_models_scoring(0.5, 0.9).full)
    rule_of = {b.text: d.rule for b, d in zip(blocks.blocks, decided, strict=True)}
    want = Rule.COMMENT_AFTER_ARTICLE if comments_taken else Rule.BODY_MODEL
    assert [rule_of[text] for _, text in BLOG_COMMENTS] == [want] * 2
    assert {rule_of[text] for text in HARBOUR.paragraphs} == {Rule.BODY_MODEL}


SIDEBAR_HEADLINES = tuple(
    f"{subject} {verb} the harbour plan in a late vote"
    for subject in ("Council", "Mayor", "Residents", "Engineers")
    for verb in ("back", "question", "delay")
)


def test_a_comment_section_under_no_article_stays_where_the_model_put_it() -> None:
    """Where the blocks kept outside the comment sections are no prose (a sidebar's headlines: the model
    missed the story, or there is none), nothing says the thread stands under an article: it is not taken
    (CleanEval's MacDailyNews page, whose gold is its readers' comments)."""
    import numpy as np

    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    html = _blog_comments_page()
    for old, new in zip(HARBOUR.paragraphs, SIDEBAR_HEADLINES, strict=False):
        html = html.replace(old, new)
    blocks = prepare_page(html, None).blocks
    blocks.ask_trafilatura()
    blocks.trafilatura = np.ones(len(blocks.blocks))
    decided = decide.decide(blocks, body_models_scoring(0.5, 0.9).full)
    rule_of = {b.text: d.rule for b, d in zip(blocks.blocks, decided, strict=True)}
    sidebar = [b.text in SIDEBAR_HEADLINES for b in blocks.blocks]
    assert blocks.words[sidebar].sum() >= decide.ARTICLE_BEFORE_COMMENTS_WORDS  # words enough, but no prose
    assert [rule_of[text] for _, text in BLOG_COMMENTS] == [Rule.BODY_MODEL] * 2


def test_the_quick_model_asks_trafilatura_where_it_keeps_a_block_inside_a_comment_section() -> None:
    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    commented = prepare_page(_blog_comments_page(), None).blocks
    plain = prepare_page(page(body_parts=prose(HARBOUR)).decode(), None).blocks
    sure = body_models_scoring(0.95, 0.9).quick
    assert decide.decide_quick(plain, sure) is not None
    assert decide.decide_quick(commented, sure) is None


def test_the_quick_models_features_do_not_change_when_trafilatura_has_spoken() -> None:
    """The quick model is trained on the same tables as the body model, reading only the columns that do not
    come from trafilatura: they must be the same before trafilatura runs as after."""
    import numpy as np

    from newsclean.html.block_features import QUICK_FEATURES, TRAFILATURA_FEATURES, block_table
    from newsclean.html.pipeline import prepare_page

    html = page(body_parts=prose(HARBOUR, FIGURE, at=2), after=[COMMENT_THREAD]).decode()
    before = block_table(prepare_page(html, None).blocks)
    asked = prepare_page(html, None).blocks  # a page of its own: no cache
    asked.ask_trafilatura()
    after = block_table(asked)
    for name in QUICK_FEATURES:
        assert np.array_equal(before[name], after[name]), name
    assert any(not np.array_equal(before[n], after[n]) for n in TRAFILATURA_FEATURES)
    assert set(QUICK_FEATURES) | set(TRAFILATURA_FEATURES) == set(before)


def test_a_page_the_quick_model_decided_names_it_on_its_body_segments() -> None:
    article = clean(page(body_parts=prose(HARBOUR)))
    body_rules = {s.rule for s in article.segments if s.role == "body"}
    assert body_rules & {Rule.BODY_QUICK_MODEL, Rule.BODY_MODEL}
    assert not (body_rules >= {Rule.BODY_QUICK_MODEL, Rule.BODY_MODEL}), "one model decides a page"


def _sentence_models() -> Any:
    """A body model that keeps the blocks that end a sentence and drops the rest (as the model trained on
    articles reads a table's short cells)."""
    from newsclean.html import decide

    column = decide.body_models().full.features.index("ends_sentence")
    return stand_in_models(constant(0.5), lambda _n, row: 0.9 if row[column] > 0.5 else 0.01)


MEETINGS = [
    ("Preston", "Guild Hall Foyer", "Sun 19 June, 2pm", "George Galloway and Saeed Ahmed"),
    ("Liverpool", "Mountford Hall", "Tue 21 June, 7.30pm", "George Galloway and others"),
    ("Sheffield", "Octagon, Western Bank", "Wed 22 June, 7.30pm", "John Rees and Maxine Bowler"),
    ("Glasgow", "St Stephens Renfield Church", "Thu 23 June, 7pm", "George Galloway"),
    ("Newcastle", "Journal Tyne Theatre", "Thu 30 June, 7pm", "George Galloway and John Rees"),
    ("Derby", "West Indian Community Centre", "Thu 23 June, 7.15pm", "Peter Morgan"),
    ("Doncaster", "Regent Hotel, South Parade", "Wed 22 June, 7.30pm", "Chris Harman"),
    ("Hull", "Relax Cafe, Newland Avenue", "Thu 23 June, 7.15pm", "Martin Smith"),
    ("Kent", "St Peter's Church, Canterbury", "Thu 30 June, 7.30pm", "Sally Campbell"),
    ("Luton", "Bury Park Community Centre", "Wed 22 June, 7.30pm", "Chris Harman"),
]


def _meetings_page(*, linked: bool) -> str:
    cell = (lambda t: f'<td><a href="/where/{abs(hash(t))}">{t}</a></td>') if linked else (lambda t: f"<td>{t}</td>")
    rows = "".join("<tr>" + "".join(cell(t) for t in row) + "</tr>" for row in MEETINGS)
    table = f"<table><tr><th>area</th><th>venue</th><th>time</th><th>speakers</th></tr>{rows}</table>"
    intro = p("Send details of any meetings you would like listed here to the events desk by Monday noon.")
    return page(body_parts=[intro, table]).decode()


@pytest.mark.parametrize("linked", [False, True])
def test_a_table_of_data_that_trafilatura_kept_stands_when_the_body_model_reads_its_cells_as_menus(
    linked: bool,
) -> None:
    """The model, which learnt from articles, drops a table's short cells; where trafilatura kept them and
    they are not links (a table of data, not a menu laid out in a table), trafilatura's choice stands."""
    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    prepared = prepare_page(_meetings_page(linked=linked), None)
    decided = decide.decide_page(prepared.blocks, _sentence_models())
    texts = [b.text for b in prepared.blocks.blocks]
    venue, time = texts.index("Mountford Hall"), texts.index("Tue 21 June, 7.30pm")
    assert prepared.blocks.trafilatura[[venue, time]].min() == 1.0, "trafilatura kept the table"
    expected = Rule.CHROME_MODEL if linked else Rule.BODY_EXTRACTOR_FALLBACK
    assert decided.decisions[venue].rule == decided.decisions[time].rule == expected


def test_a_table_of_data_in_short_cells_that_trafilatura_kept_stands_whatever_share_the_model_keeps() -> None:
    """A devset page of course modules: the model kept 45% of the cells trafilatura kept (over the 30% that
    calls the fallback) and dropped the one-word cells the page is about. Short data cells are not what the
    model learnt to judge: trafilatura's choice stands."""
    import numpy as np

    from newsclean.html import decide
    from newsclean.html.pipeline import prepare_page

    models = stand_in_models(constant(0.5), lambda n, _row: 0.9 if n % 2 else 0.01)  # keeps every other block
    prepared = prepare_page(_meetings_page(linked=False), None)
    decided = decide.decide_page(prepared.blocks, models)
    blocks = prepared.blocks
    by_extractor = blocks.trafilatura >= 0.5
    odd = np.arange(len(blocks.blocks)) % 2 == 1
    share = blocks.words[by_extractor & odd].sum() / blocks.words[by_extractor].sum()
    assert share > decide.TASK.thresholds["fallback_share"], "the share alone would not call the fallback"
    cells = [n for n, b in enumerate(blocks.blocks) if "table" in b.context]
    assert {decided.decisions[n].rule for n in cells} == {Rule.BODY_EXTRACTOR_FALLBACK}


def test_trafilaturas_full_mode_is_asked_where_the_body_model_keeps_little_over_its_fast_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsclean.html import decide, evidence
    from newsclean.html.pipeline import prepare_page

    """Fast mode takes a sentence's first words here (and is not asked again by its own measure: its limits
    are off); where the model keeps little, its full mode is asked, and the model decides again over what
    it keeps; where the model keeps the page, fast mode's choice stands."""
    modes: list[bool] = []
    fragment = " ".join(HARBOUR.paragraphs[0].split()[:12])

    def fragment_when_fast(html: str, url: str | None, *, fast: bool) -> tuple[str, str]:
        modes.append(fast)
        return (fragment, "") if fast else ("\n".join(HARBOUR.paragraphs), "")

    monkeypatch.setattr(evidence, "_trafilatura", fragment_when_fast)
    for limit in ("FULL_MODE_BELOW_SHARE", "FULL_MODE_BELOW_CHARS", "FULL_MODE_BELOW_SECOND"):
        monkeypatch.setattr(evidence, limit, 0)
    html = page(body_parts=prose(HARBOUR)).decode()
    for full_score, asked in ((0.9, [True]), (0.01, [True, False])):
        modes.clear()
        decided = decide.decide_page(prepare_page(html, None).blocks, body_models_scoring(0.5, full_score))
        assert modes == asked, f"model scoring {full_score}"
        assert decided.kept_rule == Rule.BODY_MODEL


# ---------------------------------------------------------------------------------------------------------
# scripts written without spaces, ruby annotations, and trafilatura's comment finder taking the article


def test_a_run_of_chinese_or_japanese_counts_as_its_pairs_of_characters() -> None:
    """One \\w run of Chinese is a whole sentence: as one word it has no 4-grams to find and counts as a
    one-word menu item; as its pairs of characters it weighs what its length says."""
    from newsclean.html.evidence import word_key

    assert word_key("我还有话想对你说") == "我还 还有 有话 话想 想对 对你 你说"
    assert word_key("Jam Hsiao: 只能想念你") == "jam hsiao 只能 能想 想念 念你"
    assert word_key("Hello, World") == "hello world"


def test_furigana_is_not_read_into_the_text() -> None:
    """<rt> holds the reading printed over a Japanese word: the text is the base characters alone."""
    reading = "<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp>"
    sentence = f"<ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待{reading}</ruby>をなくすための法律ができました。"
    article = clean(page(body_parts=[*prose(HARBOUR), p(sentence)]))
    assert "子どもへの虐待をなくすための法律ができました。" in article.body
    assert "ぎゃくたい" not in article.body


READER_REPLIES = (
    "I have lived on the front for forty years and never once seen the water come so high as it did that night.",
    "The council should have acted after the last storm instead of waiting for the tide to force its hand.",
)


@pytest.mark.parametrize("mistaken", [True, False])
def test_where_trafilatura_reads_the_article_as_comments_its_main_text_is_asked_again_without_them(
    monkeypatch: pytest.MonkeyPatch, mistaken: bool
) -> None:
    """trafilatura's comment finder takes what it reads as comments out of the page before it chooses the
    main text: on an opinion column whose container is classed as a comment it takes the article, and the
    readers' comments below become the main text. Comments standing before the main text are that mistake."""
    from newsclean.html import evidence
    from newsclean.html.pipeline import prepare_page

    article, replies = " ".join(HARBOUR.paragraphs), " ".join(READER_REPLIES)
    asked: list[bool] = []

    def fake(html: str, url: str | None, *, fast: bool, comments: bool = True) -> tuple[str, str]:
        asked.append(comments)
        if not comments:
            return article, ""
        return (replies, article) if mistaken else (article, replies)

    monkeypatch.setattr(evidence, "_trafilatura", fake)
    html = page(body_parts=[*prose(HARBOUR), *(p(t) for t in READER_REPLIES)]).decode()
    blocks = prepare_page(html, None).blocks
    blocks.ask_trafilatura()
    assert asked.count(False) == (1 if mistaken else 0) and asked[0]
    kept = {b.text for b, v in zip(blocks.blocks, blocks.trafilatura, strict=True) if v >= 0.5}
    assert set(HARBOUR.paragraphs) <= kept and not kept & set(READER_REPLIES)
    said_comments = {b.text for b, v in zip(blocks.blocks, blocks.trafilatura_comments, strict=True) if v >= 0.5}
    assert said_comments == (set() if mistaken else set(READER_REPLIES))


SCHEDULE = tuple(f"October {day}: Washington DC" for day in range(1, 31))


@pytest.mark.parametrize("fast_text", ["schedule", "article"])
def test_where_trafilaturas_fast_mode_keeps_a_list_not_prose_its_full_mode_is_asked(
    monkeypatch: pytest.MonkeyPatch, fast_text: str
) -> None:
    """Fast mode can choose a sidebar's schedule over the article (a Dragnet blog page) where full mode, which
    weighs its fallbacks, finds the article: kept blocks of a few words each are the sign to ask it."""
    from newsclean.html import decide, evidence
    from newsclean.html.pipeline import prepare_page

    article, schedule = "\n".join(HARBOUR.paragraphs), "\n".join(SCHEDULE)
    modes: list[bool] = []

    def fake(html: str, url: str | None, *, fast: bool, comments: bool = True) -> tuple[str, str]:
        modes.append(fast)
        return (schedule if fast and fast_text == "schedule" else article), ""

    monkeypatch.setattr(evidence, "_trafilatura", fake)
    monkeypatch.setattr(evidence, "_resiliparse", lambda html: schedule)
    listing = "<ul>" + "".join(f"<li>{line}</li>" for line in SCHEDULE) + "</ul>"
    blocks = prepare_page(page(body_parts=prose(HARBOUR), before=[listing]).decode(), None).blocks
    decide.decide_page(blocks, body_models_scoring(0.5, 0.9))
    assert modes == ([True, False] if fast_text == "schedule" else [True])
    kept = {b.text for b, v in zip(blocks.blocks, blocks.trafilatura, strict=True) if v >= 0.5}
    assert set(HARBOUR.paragraphs) <= kept and not kept & set(SCHEDULE)
