"""The pipeline's vocabulary: the roles a segment can take, the reasons a record can be rejected for, and
the names of the rules decided in code. Code refers to these constants, never to bare strings, so that a
misspelt role or rule fails at import, and tests/test_vocab.py holds every written value to this list.

The phrase and selector tables (roles/phrases/*.toml, html/selectors.toml) name the other rules as data:
`<role>.<table>` and `<role>.html_<table>`. Every rule name starts with its role and a dot.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a segment is: `body` is kept in the article's text, every other role is lifted or dropped."""

    TITLE = "title"
    SECTION = "section"
    BYLINE = "byline"
    DATE = "date"
    BODY = "body"
    CAPTION = "caption"
    EMBED = "embed"
    PROMO = "promo"
    RELATED = "related"
    COMMENT = "comment"
    COMMENT_FORM = "comment_form"
    CHROME = "chrome"
    DUPLICATE = "duplicate"  # a full-stopped line printed a second time (a pull quote, a scraper's echo)


class Reason(StrEnum):
    """Why a record ended in `rejects` (its `reason` column)."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    TOO_MANY_LINES = "too_many_lines"
    TOO_MANY_TAGS = "too_many_tags"
    TOO_DEEP = "too_deep"
    TOO_MANY_ATTRIBUTES = "too_many_attributes"
    TOO_SLOW = "too_slow"
    UNREADABLE = "unreadable"
    OUTSIDE_ROOTS = "outside_roots"
    BAD_GZIP = "bad_gzip"
    BAD_JSON = "bad_json"
    BAD_WARC = "bad_warc"
    DUPLICATE_ID = "duplicate_id"
    NO_TEXT = "no_text"
    INTERNAL_ERROR = "internal_error"


class Rule(StrEnum):
    """Rules decided in code, and the table rules that code asks for by name."""

    BODY_DEFAULT = "body.default"
    BODY_ARTICLE_TEXT = "body.article_text"  # the layout model read the text as an article region (matched: score)
    BODY_MODEL = "body.model"  # the body model kept the block (matched: its score)
    BODY_EXTRACTOR_FALLBACK = "body.extractor_fallback"  # the model kept little of what trafilatura kept
    BODY_CAPTION_PAGE = "body.caption_page"  # a photo page: its captions hold its text, the rest is furniture
    CHROME_MODEL = "chrome.model"  # the body model dropped the block; no class word says what it is
    RELATED_MODEL = "related.model"  # dropped, inside an element whose class words say related/recommended
    COMMENT_MODEL = "comment.model"  # dropped, inside an element whose class words say comments
    COMMENT_TRAFILATURA = "comment.trafilatura"  # dropped, and trafilatura read it as a reader comment
    COMMENT_ADDED_IN_COMMENTS = "comment.added_in_comments"  # the model would add it; it stands in a comment section
    COMMENT_AFTER_ARTICLE = "comment.after_article"  # kept, in a comment section that follows the article
    # The quick model (no trafilatura verdicts) decided the page alone, sure of it: kept, and dropped as above.
    BODY_QUICK_MODEL = "body.quick_model"
    CHROME_QUICK_MODEL = "chrome.quick_model"
    RELATED_QUICK_MODEL = "related.quick_model"
    COMMENT_QUICK_MODEL = "comment.quick_model"
    BODY_STANDFIRST = "body.standfirst"
    BYLINE_BY_LINE = "byline.by_line"
    BYLINE_LEAD_IN = "byline.lead_in"
    BYLINE_NAME_AFTER_LEAD_IN = "byline.name_after_lead_in"
    CAPTION_ABOVE_CREDIT = "caption.above_credit"
    CAPTION_AGENCY_CREDIT = "caption.agency_credit"  # captions.toml
    CAPTION_CREDIT_PREFIX = "caption.credit_prefix"  # captions.toml
    CAPTION_HEADER_SHAPE = "caption.header_shape"
    CAPTION_HTML_CAPTION = "caption.html_caption"  # selectors.toml
    CAPTION_HTML_ECHO = "caption.html_echo"
    CAPTION_PICTURED = "caption.pictured"
    CAPTION_PRINTED_TWICE = "caption.printed_twice"
    CAPTION_REPEATS_BODY = "caption.repeats_body"
    CAPTION_SHAPE = "caption.shape"
    CHROME_COMMENT_COUNT = "chrome.comment_count"
    CHROME_HEADER_LABEL = "chrome.header_label"
    CHROME_HEADER_LINE = "chrome.header_line"
    CHROME_LIST_HEADING = "chrome.list_heading"  # chrome.toml
    COMMENT_HTML_COMMENT = "comment.html_comment"  # selectors.toml
    COMMENT_THREAD = "comment.thread"
    COMMENT_THREAD_CHROME = "comment.thread_chrome"  # comments.toml
    COMMENT_THREAD_HEADER = "comment.thread_header"  # comments.toml
    COMMENT_SIGNATURE = "comment.signature"  # comments.toml
    COMMENT_WROTE = "comment.wrote"  # comments.toml
    COMMENT_STORY_OPENING = "comment.story_opening"  # comments.toml
    COMMENT_TIMESTAMP = "comment.timestamp"
    COMMENT_FORM_BLOCK = "comment_form.block"
    COMMENT_FORM_FORM_FIELD = "comment_form.form_field"  # comments.toml
    COMMENT_FORM_FORM_LINE = "comment_form.form_line"  # comments.toml
    DATE_LINE = "date.line"
    DATE_RELATIVE = "date.relative"
    DUPLICATE_REPEATED_LINE = "duplicate.repeated_line"
    EMBED_LABEL = "embed.label"  # embeds.toml
    EMBED_TWEET = "embed.tweet"
    EMBED_TWEET_TEXT = "embed.tweet_text"
    RELATED_LIST = "related.list"
    SECTION_LABEL = "section.label"
    TITLE_FIRST_HEADLINE = "title.first_headline"
    TITLE_HTML_HEADLINE = "title.html_headline"
    TITLE_REPEATED = "title.repeated"

    @property
    def role(self) -> Role:
        return Role(self.partition(".")[0])


def role_of(rule: str) -> Role:
    """The role a rule name gives: the part before its first dot."""
    return Role(rule.partition(".")[0])


def table_rule(role: str, table: str) -> str:
    """The name of a rule that a table of data defines: `<role>.<table>` (a phrase list's table)."""
    return f"{Role(role)}.{table}"


def html_rule(role: str, table: str) -> str:
    """The name of an HTML rule: `<role>.html_<table>` (a selector table, an embed kind)."""
    return table_rule(role, f"html_{table}")
