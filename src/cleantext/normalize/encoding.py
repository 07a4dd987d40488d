"""Mojibake and encoding repair through ftfy, behind a cheap gate.

ftfy is thorough but slow (a few MB/s, and even its own badness check is only
a little faster), while almost all scraped text is already correct. So ftfy
only ever sees the *lines* on which a cheap scan finds a sign of broken
encoding. ``ftfy.fix_text`` fixes text line by line anyway, so repairing only
the flagged lines gives the same result on those lines as running ftfy on the
whole document with the same settings.

The gate (:func:`suspect_lines`) flags a line when it contains:

* a character that a UTF-8 *lead* byte becomes in a Latin single-byte encoding
  (latin-1, windows-1252/1250/1254/1257, iso-8859-2), followed by the right
  number of characters that UTF-8 *continuation* bytes become in the same
  family, and re-encoding the run gives valid UTF-8 for a plausible
  character ("Ã©" for "é", "â€™" for "’", "ÃŸ" for "ß", "ä½\\xa0" for "你");
  this rejects look-alikes in clean text such as German "ß“" (which would
  decode to an NKo letter);
* for encodings whose lead bytes are ordinary letters or common punctuation
  (windows-1251 "РџСЂ", windows-1253, mac-roman): two such pairs in a row,
  or one pair that clean text never holds (a letter followed by "©", "±",
  "¶"...: "Г©" is "é" read as windows-1251), so that clean Russian or Greek
  text ("СССР»") does not trigger it;
* the fragments "â€" and "Ã " that mojibake leaves when a byte was lost;
* C1 control characters (U+0080-U+009F), U+FFFD and lone surrogates;
* HTML entities such as ``&amp;`` or ``&#39;`` (``default`` preset only);
* Latin ligatures and terminal escapes (``default`` preset only).

Clean ASCII text without '&' or ESC is skipped after one ``str.isascii()``;
clean German, Russian, Chinese... text after one prefilter scan (about
100 MB/s here, against 2-3 MB/s for ftfy) that stops only where a lead
character is directly followed by a continuation character; the exact test
runs only at those few places.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy

__all__ = ["fix_encoding", "fix_encoding_only", "suspect_lines"]

# Single-byte encodings whose upper half is mostly symbols and accented
# capitals: a lead + continuation pair is already unusual in clean text.
_LATIN_FAMILY = (
    "latin-1",
    "windows-1252",
    "windows-1250",
    "windows-1254",
    "windows-1257",
    "iso-8859-2",
)
# Encodings whose UTF-8 lead bytes decode to ordinary letters (Cyrillic and
# Greek capitals, mac-roman punctuation): a single pair happens in clean text
# ("СССР»"), two pairs in a row practically never do.
_LETTER_FAMILY = ("windows-1251", "windows-1253", "mac-roman")


def _sloppy_decode(byte: int, encoding: str) -> str:
    """Decode one byte the way sloppy decoders do: undefined bytes pass through as latin-1.

    >>> _sloppy_decode(0x80, "windows-1252"), _sloppy_decode(0x81, "windows-1252")
    ('€', '\\x81')
    """
    try:
        return bytes([byte]).decode(encoding)
    except UnicodeDecodeError:
        return chr(byte)


def _chars(encoding: str, first: int, last: int) -> str:
    """Characters that bytes ``first..last`` decode to in ``encoding``.

    >>> _chars("latin-1", 0xC2, 0xC4)
    'ÂÃÄ'
    """
    return "".join(_sloppy_decode(b, encoding) for b in range(first, last + 1))


def _klass(chars: str) -> str:
    """A regex character class matching any of ``chars``.

    >>> _klass("a-]")
    '[\\\\-\\\\]a]'
    """
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _union(encodings: tuple[str, ...], first: int, last: int) -> str:
    """All characters bytes ``first..last`` decode to in any of ``encodings``."""
    return "".join(_chars(e, first, last) for e in encodings)


def _build_reverse_maps() -> dict[str, dict[str, int]]:
    """For each encoding of both families, a map character -> byte (upper half only)."""
    maps: dict[str, dict[str, int]] = {}
    for enc in _LATIN_FAMILY + _LETTER_FAMILY:
        maps[enc] = {_sloppy_decode(b, enc): b for b in range(0x80, 0x100)}
    return maps


_REVERSE = _build_reverse_maps()

_CONT = _klass(_union(_LATIN_FAMILY, 0x80, 0xBF))
_LEAD2 = _klass(_union(_LATIN_FAMILY, 0xC2, 0xDF))
_LEAD3 = _klass(_union(_LATIN_FAMILY, 0xE0, 0xEF))
_LEAD4 = _klass(_union(_LATIN_FAMILY, 0xF0, 0xF4))


# In the letter family one pair is enough when it cannot be clean text: the
# continuation is a symbol that never directly follows a letter ("Г©" is "é"
# read as windows-1251), or the lead is a math sign that never directly
# precedes one ("√©" is "é" read as mac-roman).
_STRONG_CONTS = "©®§¶±µ†‡‰™¤¦¬•€‚„\u00ad"
_STRONG_LEADS = "√≈ƒ∆◊⁄‚"


def _letter_family_pattern(enc: str) -> str:
    """The regex alternatives that flag mojibake decoded as ``enc`` (a letter-family encoding).

    >>> import re
    >>> bool(re.fullmatch(_letter_family_pattern("windows-1251"), "РџСЂ"))
    True
    >>> bool(re.search(_letter_family_pattern("windows-1251"), "СССР»"))
    False
    """
    lead2, lead3 = _chars(enc, 0xC2, 0xDF), _chars(enc, 0xE0, 0xEF)
    conts = _chars(enc, 0x80, 0xBF)
    l2, l3, c = _klass(lead2), _klass(lead3), _klass(conts)
    alternatives = [f"(?:{l2}{c}){{2}}", f"(?:{l3}{c}{{2}}){{2}}"]
    strong_conts = "".join(ch for ch in conts if ch in _STRONG_CONTS)
    if strong_conts:
        alternatives.append(l2 + _klass(strong_conts))
    strong_leads = "".join(ch for ch in lead2 + lead3 if ch in _STRONG_LEADS)
    if strong_leads:
        alternatives.append(_klass(strong_leads) + c)
    return "|".join(alternatives)


_LETTER_RUNS = "|".join(_letter_family_pattern(e) for e in _LETTER_FAMILY)

# Characters that are a sign of trouble on their own: C1 controls, U+FFFD,
# lone surrogates.
_LONE = "\x80-\x9f\ufffd\ud800-\udfff"
# ftfy's Latin ligatures (ﬁ, ﬂ, Ĳ, ŉ, Ǆ...) that only come from copy/paste.
_LIGATURES = "\ufb00-\ufb06\u0132\u0133\u013f\u0140\u0149\u01c4-\u01cc\u01f1-\u01f3"
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"

# The exact test, tried only where the prefilter below stops. Group "verify":
# a run that must re-encode to plausible UTF-8; anything else it matches is
# flagged directly.
_SUSPECT_CORE = (
    rf"(?P<verify>{_LEAD2}{_CONT}|{_LEAD3}{_CONT}{{2}}|{_LEAD4}{_CONT}{{3}}|{_LETTER_RUNS})"
    rf"|[{_LONE}]|â€|Ã "
)
_SUSPECT = {
    "ml": re.compile(_SUSPECT_CORE),
    "default": re.compile(rf"{_SUSPECT_CORE}|{_ENTITY}|[{_LIGATURES}]|\x1b\["),
}

# The prefilter: one pass that only stops at the first character of a
# possible problem. It is written as a single leading character class (plus
# look-arounds) because that is the shape Python's re scans fastest, about
# 20 times faster than the alternation above on accented text.
_ALL_LEADS = _klass(_union(_LATIN_FAMILY + _LETTER_FAMILY, 0xC2, 0xF4))
_ALL_CONTS = _klass(_union(_LATIN_FAMILY + _LETTER_FAMILY, 0x80, 0xBF))
_FIRSTS = _ALL_LEADS[:-1] + _LONE
_ML_PREFILTER = (
    rf"{_FIRSTS}](?:(?<={_ALL_LEADS})(?={_ALL_CONTS})|(?<=[{_LONE}])|(?<=Ã)(?= ))"
)
_PREFILTER = {
    "ml": re.compile(_ML_PREFILTER),
    "default": re.compile(
        rf"{_FIRSTS}{_LIGATURES}&\x1b](?:(?<={_ALL_LEADS})(?={_ALL_CONTS})"
        rf"|(?<=[{_LONE}{_LIGATURES}])|(?<=Ã)(?= )|(?<=&)(?=[#A-Za-z])|(?<=\x1b)(?=\[))"
    ),
}


def _plausible_utf8(run: str) -> bool:
    """True when ``run`` re-encodes in one of the gate's encodings to plausible UTF-8.

    Implausible decodings are the rarely used Syriac/Thaana/NKo/Samaritan
    blocks (U+0700-U+08FF): that is where clean text such as "ß“" or "Ü»"
    would land.

    >>> _plausible_utf8("Ã©"), _plausible_utf8("â€™"), _plausible_utf8("РџСЂ")
    (True, True, True)
    >>> _plausible_utf8("ß“")
    False
    """
    for enc in _LATIN_FAMILY + _LETTER_FAMILY:
        rev = _REVERSE[enc]
        try:
            decoded = bytes(rev[c] for c in run).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if not any(0x700 <= ord(c) <= 0x8FF for c in decoded):
            return True
    return False


def _first_hit(text: str, pos: int, preset: str) -> int:
    """Offset of the first confirmed sign of broken encoding at or after ``pos``, or -1.

    >>> _first_hit("Grüße: ß“ ok, CafÃ©", 0, "ml")
    17
    """
    prefilter, exact = _PREFILTER[preset], _SUSPECT[preset]
    while (m := prefilter.search(text, pos)) is not None:
        start = m.start()
        hit = exact.match(text, start)
        if hit is not None and (hit["verify"] is None or _plausible_utf8(hit["verify"])):
            return start
        pos = start + 1
    return -1


def suspect_lines(text: str, *, preset: str = "default") -> list[tuple[int, int]]:
    """Spans of the lines that ftfy must look at; empty for clean text.

    ``preset`` is "default" (also flags HTML entities, ligatures and terminal
    escapes) or "ml" (encoding problems only).

    >>> suspect_lines("clean ASCII text")
    []
    >>> suspect_lines("Grüße aus Köln\\nPrivet: Привет, мир\\n你好，世界")
    []
    >>> suspect_lines("ok\\nCafÃ© crÃ¨me\\nok")
    [(3, 15)]
    >>> suspect_lines("Tom &amp; Jerry"), suspect_lines("Tom &amp; Jerry", preset="ml")
    ([(0, 15)], [])
    """
    if preset not in _PREFILTER:
        raise ValueError(f"unknown preset {preset!r} for the encoding gate; use 'default' or 'ml'")
    if text.isascii() and (preset == "ml" or ("&" not in text and "\x1b" not in text)):
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (hit := _first_hit(text, pos, preset)) >= 0:
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = len(text) if end < 0 else end
        spans.append((start, end))
        pos = end + 1  # the line is flagged already: go on at the next one
    return spans


@lru_cache(maxsize=4)
def _config(preset: str, unescape: bool) -> ftfy.TextFixerConfig:
    """The ftfy settings of a preset.

    Both presets: keep curly quotes (uncurl_quotes=False: ’ “ ” are correct
    typography, not damage); leave line breaks to ``normalize_newlines`` and
    control characters to ``remove_control`` so each change is explained by
    one step; no explanations (faster).
    ``default`` also repairs Latin ligatures and full-width forms *on the lines
    it repairs*, and NFC-normalizes them. Full-width forms on clean lines
    (the "，" and "！" of Chinese and Japanese prose) are the author's and are
    never touched: the gate does not look for them. ``ml`` changes nothing
    but the encoding: no width, ligature or Unicode normalization, no HTML
    unescaping (entities left in the text are data, not an encoding fault).
    """
    common = dict(
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        explain=False,
    )
    if preset == "default":
        return ftfy.TextFixerConfig(
            unescape_html=unescape,
            fix_latin_ligatures=True,
            fix_character_width=True,
            remove_terminal_escapes=True,
            normalization="NFC",
            **common,
        )
    return ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        remove_terminal_escapes=False,
        normalization=None,
        **common,
    )


def _repair(text: str, preset: str) -> str:
    """Run ftfy on the suspect lines of ``text`` only; same object when nothing changes."""
    spans = suspect_lines(text, preset=preset)
    if not spans:
        return text
    # Like ftfy's "auto": never unescape entities in text that holds markup,
    # where "&lt;b&gt;" may be meant literally. Decided once per document so
    # that every line is treated alike.
    config = _config(preset, "<" not in text)
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(ftfy.fix_text(text[start:end], config))
        pos = end
    parts.append(text[pos:])
    out = "".join(parts)
    return text if out == text else out


def fix_encoding(text: str) -> str:
    """Repair mojibake, HTML entities, ligatures and width on the lines that need it (``default``).

    Curly quotes survive; clean lines are never passed to ftfy.

    >>> fix_encoding("CafÃ© crÃ¨me, itâ€™s â€œfineâ€\\x9d")
    'Café crème, it’s “fine”'
    >>> fix_encoding("Tom &amp; Jerry ﬁnd it’s ok")
    'Tom & Jerry find it’s ok'
    >>> s = "Grüße, l’été"; fix_encoding(s) is s
    True
    """
    return _repair(text, "default")


def fix_encoding_only(text: str) -> str:
    """Repair mojibake only (``ml``): no quote, width, ligature, entity or normalization changes.

    >>> fix_encoding_only("StraÃŸe, ÐŸÑ€Ð¸Ð²ÐµÑ‚")
    'Straße, Привет'
    >>> fix_encoding_only("ﬁne &amp; ＡＢＣ")
    'ﬁne &amp; ＡＢＣ'
    """
    return _repair(text, "ml")


