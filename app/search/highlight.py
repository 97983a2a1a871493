"""Highlighting: which characters of a name matched the query, as plain-text segments.

The segments are built here, from the original (unescaped) text; templates escape each segment
and wrap the matched ones in ``<mark>``, so an enterprise-supplied ``<script>`` stays text.
Matching runs on the normalised form (app.search.grams), character by character, so that each
normalised character maps back to the original character it came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.search.grams import normalise_char, normalise_text
from app.search.schemas import Segment


def _normalised_with_owners(text: str) -> tuple[str, list[int]]:
    if text.isprintable() and " " not in text and text == normalise_text(text):
        return text, list(range(len(text)))  # already normal: positions map one to one
    chars: list[str] = []
    owners: list[int] = []
    for index, char in enumerate(text):
        for normalised in normalise_char(char):
            chars.append(normalised)
            owners.append(index)
    return "".join(chars), owners


def matched_positions(text: str, words: Sequence[str]) -> tuple[set[int], int]:
    """Positions of ``text`` inside any occurrence of any word, and how many words occur."""
    normalised, owners = _normalised_with_owners(text)
    marked: set[int] = set()
    found = 0
    for word in words:
        start = normalised.find(word)
        if start >= 0:
            found += 1
        while start >= 0:
            marked.update(owners[start : start + len(word)])
            start = normalised.find(word, start + 1)
    return marked, found


def segments(text: str, marked: set[int]) -> list[Segment]:
    """``text`` cut into runs of matched and unmatched characters."""
    runs: list[tuple[bool, int, int]] = []  # (match, start, end)
    for index in range(len(text)):
        match = index in marked
        if runs and runs[-1][0] == match:
            runs[-1] = (match, runs[-1][1], index + 1)
        else:
            runs.append((match, index, index + 1))
    return [Segment(text=text[start:end], match=match) for match, start, end in runs]


def name_highlight(
    name: str, former_names: Sequence[str], words: Sequence[str]
) -> tuple[list[Segment], list[Segment] | None]:
    """Segments of the current name, and of the best-matching former name when the current name
    does not contain every word (else None)."""
    marked, found = matched_positions(name, words)
    former: list[Segment] | None = None
    if words and found < len(words):
        best: tuple[int, str, set[int]] | None = None
        for old in former_names:
            old_marked, old_found = matched_positions(str(old), words)
            if old_found > found and (best is None or old_found > best[0]):
                best = (old_found, str(old), old_marked)
        if best is not None:
            former = segments(best[1], best[2])
    return segments(name, marked), former


def code_segments(uscc: str, matched_prefix: int) -> list[Segment]:
    return segments(uscc, set(range(matched_prefix)))
