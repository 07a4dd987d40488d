"""Mixed-script words: Cyrillic look-alike letters inside Latin words, and the reverse.

Spam and ad text swaps Latin letters for Cyrillic ones that look the same ("Аdvеrtіѕе" with
Cyrillic А, е, і, ѕ) so that filters do not match it, and Russian or Ukrainian text typed on a mixed
keyboard carries Latin "o", "c", "p" inside Cyrillic words. Either way a word mixes two scripts
that no real word mixes, search and rules miss it, and a model learns a tokenization nobody uses.

``fix_homoglyphs`` decides a mixed word's script from its letters that only one of the two scripts
has (Latin n, t, r ...; Cyrillic д, ж, л ...) and rewrites the look-alikes of the other script to
it. A word made only of look-alikes (Latin "cop" or Cyrillic "сор") says nothing by itself; it is
rewritten only on a line that had mixed words and whose words of known script are all of the other
script (the "іѕ" of a disguised English sentence). Otherwise words in one script are never touched.
"""

from __future__ import annotations

import re

__all__ = ["fix_homoglyphs"]

# Cyrillic letter -> the Latin letter drawn the same way (in common fonts).
_CYRILLIC_TO_LATIN = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ѵ": "v",
}
_LATIN_TO_CYRILLIC = {
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у",
    "x": "х",
}
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# A word that has both a Latin letter (basic or accented) and a Cyrillic one.
_MIXED = re.compile(r"\b(?=\w*[A-Za-z\u00c0-\u024f])(?=\w*[\u0400-\u052f])\w+\b")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


_WORD = re.compile(r"\w+")


def _script(word: str) -> str:
    """'latin' or 'cyrillic' when the word has letters only that script has, 'both' when it has
    such letters of each, '' when it has none (only look-alikes, digits, other scripts)."""
    latin = any(_LATIN_LETTER.match(ch) and ch not in _LATIN_TO_CYRILLIC for ch in word)
    cyrillic = any(_CYRILLIC.match(ch) and ch not in _CYRILLIC_TO_LATIN for ch in word)
    return "both" if latin and cyrillic else "latin" if latin else "cyrillic" if cyrillic else ""


def _to(script: str, word: str) -> str:
    return word.translate(_TO_LATIN if script == "latin" else _TO_CYRILLIC)


def _fix_line(line: str) -> str:
    if not _MIXED.search(line):
        return line
    line = _MIXED.sub(lambda m: _to(s, m.group(0)) if (s := _script(m.group(0))) in ("latin", "cyrillic")
                      else m.group(0), line)
    scripts = {_script(w) for w in _WORD.findall(line)} - {""}
    if len(scripts) != 1 or "both" in scripts:
        return line
    (script,) = scripts
    # the words of known script agree: look-alike-only words of the other script join them
    other = _CYRILLIC if script == "latin" else re.compile("[A-Za-z]")
    return _WORD.sub(lambda m: _to(script, m.group(0)) if other.search(m.group(0)) and not _script(m.group(0))
                     else m.group(0), line)


def fix_homoglyphs(text: str) -> str:
    """Rewrite look-alike letters of the wrong script inside mixed Latin/Cyrillic words.

    >>> fix_homoglyphs("Аdvеrtіѕе wіth us")  # Cyrillic А е і ѕ in English words
    'Advertise with us'
    >>> fix_homoglyphs("Мы рaботаем")  # a Latin "a" typed inside a Russian word
    'Мы работаем'
    >>> fix_homoglyphs("Москва and Boston")  # one script per word: nothing to do
    'Москва and Boston'
    >>> fix_homoglyphs("сор")  # only look-alikes: its script cannot be told
    'сор'
    >>> fix_homoglyphs("Yоur соntеnt іѕ hеrе")  # "іѕ" is all look-alikes, on a disguised line
    'Your content is here'
    >>> fix_homoglyphs("The word сор is Russian for litter")  # no mixed word: nothing is disguised
    'The word сор is Russian for litter'
    """
    if not _CYRILLIC.search(text) or not _MIXED.search(text):
        return text
    fixed = "\n".join(_fix_line(line) for line in text.split("\n"))
    return fixed if fixed != text else text
