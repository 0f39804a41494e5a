"""Tags proposed for a new bulletin from the keyword rules of the taxonomy (``keywords`` in taxonomy.yaml).

A keyword suggests its node when the title holds it as whole words, up to case and accents ("rançongiciels"
matches "RANCONGICIELS", "payment card" matches "Payment card data" but "arrest" does not match "arrested").
Only suggestions: nothing is tagged until the user confirms it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from timeline_gui.domain.model import Taxonomy
from timeline_gui.domain.text import fold

_WORDS = re.compile(r"\w+")


class Suggestion(NamedTuple):
    """A taxonomy node proposed for a title, and the keywords of it that the title holds (as the rule writes them)."""

    key: str
    branch: str
    words: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(fold(text)))


class TagRules:
    """The taxonomy's keyword rules, prepared once: each title costs a pass over its words."""

    def __init__(self, taxonomy: Taxonomy):
        # language → first word → (words of the keyword, keyword as written, node key, branch)
        self._rules: dict[str, dict[str, list[tuple[tuple[str, ...], str, str, str]]]] = {"en": {}, "fr": {}}
        self._order = {node.key: position for position, node in enumerate(taxonomy.nodes())}
        for node in taxonomy.nodes():
            for language, rules in self._rules.items():
                for keyword in node.keywords.get(language):
                    words = _words(keyword)
                    if words:
                        rules.setdefault(words[0], []).append((words, keyword, node.key, node.branch))

    def suggest(self, title: str, language: str) -> tuple[Suggestion, ...]:
        """The nodes whose ``language`` keywords ``title`` holds, in the taxonomy's order."""
        rules = self._rules.get(language, {})
        words = _words(title)
        found: dict[str, tuple[str, list[str]]] = {}
        for position, word in enumerate(words):
            for keyword_words, keyword, key, branch in rules.get(word, ()):
                if words[position : position + len(keyword_words)] == keyword_words:
                    triggers = found.setdefault(key, (branch, []))[1]
                    if keyword not in triggers:
                        triggers.append(keyword)
        ordered = sorted(found.items(), key=lambda item: self._order[item[0]])
        return tuple(Suggestion(key, branch, tuple(triggers)) for key, (branch, triggers) in ordered)
