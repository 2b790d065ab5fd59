from __future__ import annotations

import unicodedata

from newsclean.normalise import normalise_line, normalise_text


def test_mojibake_is_repaired() -> None:
    assert normalise_line("It\u00e2\u0080\u0099s a caf\u00c3\u00a9") == "It’s a café"


def test_html_entities_and_control_characters_go() -> None:
    assert normalise_line("Tom &amp; Jerry\x07 &quot;live&quot;") == 'Tom & Jerry "live"'


def test_no_break_and_odd_spaces_become_one_plain_space() -> None:
    assert normalise_line("President\u00a0Putin\u2009said\u00a0 \u00a0today\u200b.") == "President Putin said today."


def test_curly_quotes_and_dashes_stay() -> None:
    assert normalise_line("“Yes” – she said ‘no’") == "“Yes” – she said ‘no’"


def test_output_is_nfc() -> None:
    decomposed = "Cafe\u0301 Zu\u0308rich"
    assert normalise_line(decomposed) == unicodedata.normalize("NFC", decomposed)


def test_lines_are_kept_and_stripped() -> None:
    assert normalise_text("  one  \r\n\r\n two\u00a0\n") == "one\n\ntwo\n"


def test_normalising_twice_changes_nothing() -> None:
    once = normalise_text("Caf\u00c3\u00a9\u00a0 &amp;  co\n\n“Quote”")
    assert normalise_text(once) == once
