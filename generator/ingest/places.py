"""Places a story names: its dateline city, then countries and cities found in the text.

Matching is one compiled regular expression built as a character trie of every name, so each
position of the text is tried once against a branch per first letter, not against 600 names in
turn: a 600-word story takes a fraction of a millisecond and a 5 MB text stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeAlias

from generator.content import PACKAGED_PLACES
from generator.content import load_places as read_places
from generator.models import Place
from generator.urls import slugify

# Phrases that contain a place name but do not name that place: matched (so the shorter name
# inside them is not) and then dropped. "New Mexico" is not Mexico, "Latin America" not the US.
NOT_PLACES: frozenset[str] = frozenset(
    {
        "New Mexico",
        "New South Wales",
        "New England",
        "Prince of Wales",
        "American Samoa",
        "Latin America",
        "South America",
        "North America",
        "Central America",
        "Bank of America",
        "Captain America",
        "Washington Post",
        "Washington Sundar",
        "George Washington",
        "Jammu and Kashmir",
    }
)


def load_places(path: Path | None = None) -> dict[str, Place]:
    """Read a places vocabulary; without `path`, the one packaged in `generator/data/`."""
    return read_places(path or PACKAGED_PLACES)


def _spellings(name: str) -> set[str]:
    """The name as written, without its accents, and with either apostrophe."""
    forms = {name.strip()}
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    # Only when folding merely drops accents: a name in another script must not fold to "".
    if len(folded) == len(name.strip()):
        forms.add(folded)
    for form in list(forms):
        forms.add(form.replace("'", "\u2019"))
    return {form for form in forms if form}


# A node of the trie: each next character leads to its node; the key "" marks a name's end.
_Trie: TypeAlias = dict[str, "_Trie"]


def _trie_pattern(names: Iterable[str]) -> str:
    """A regex matching any of `names`, longest first, as a trie of characters."""
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        # Greedy "?" tries the longer name first; on a failed word boundary it backtracks to the
        # shorter one, so "Guinea-Bissau" beats "Guinea" and "Indiana" never yields "India".
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group

    return build(trie)


def dateline_city(dateline: str) -> str:
    """The city of a dateline as a place name ("" for none)."""
    return dateline.strip().strip(",").strip()


class PlaceTagger:
    """The places vocabulary compiled into one matcher; build once, tag thousands of stories."""

    def __init__(
        self,
        places: Mapping[str, Place],
        ignore: Iterable[str] = NOT_PLACES,
        dateline_only: Iterable[Place] = (),
    ) -> None:
        """Compile `places`; phrases in `ignore` are matched and dropped.

        `dateline_only` places (cities ingest added, not yet reviewed) are known as datelines
        but never looked for in the text: learning a city from one story's dateline must not
        change how the other stories are tagged.

        When two places claim the same spelling, a place's own name beats another's alias, and
        otherwise the later entry wins: a site's `places.yaml`, merged after the packaged
        vocabulary, can take a name over without editing the packaged file.
        """
        slug_by_name: dict[str, str] = {}
        is_own_name: dict[str, bool] = {}
        for place in places.values():
            for index, name in enumerate((place.name, *place.aliases)):
                own = index == 0
                for form in _spellings(name):
                    if is_own_name.get(form, False) and not own:
                        continue
                    slug_by_name[form] = place.slug
                    is_own_name[form] = own
        self._names = frozenset(name.lower() for name in slug_by_name)
        # "" marks an ignored phrase; a real place of the same spelling keeps its slug.
        matchable = {form: "" for phrase in ignore for form in _spellings(phrase)}
        matchable.update(slug_by_name)
        self._slug_by_name = matchable
        self._slug_by_lower = {name.lower(): slug for name, slug in slug_by_name.items()}
        self._dateline_only = {
            form.lower(): place.slug
            for place in dateline_only
            for name in (place.name, *place.aliases)
            for form in _spellings(name)
        }
        # Longest names first in the trie is implicit; the lookarounds make it whole words only.
        self._pattern = re.compile(r"(?<!\w)" + _trie_pattern(matchable) + r"(?!\w)")

    def dateline_slug(self, dateline: str) -> str:
        """The slug of a dateline city: its vocabulary entry, else slugify of the dateline."""
        city = dateline_city(dateline)
        if not city:
            return ""
        slug = self._slug_by_name.get(city) or self._slug_by_lower.get(city.lower())
        return slug or self._dateline_only.get(city.lower()) or slugify(city)

    def tag(self, dateline: str, paragraphs: Sequence[str]) -> tuple[str, ...]:
        """Place slugs: the dateline city first, then places in the text by first mention."""
        found: dict[str, None] = {}  # an ordered set
        city = self.dateline_slug(dateline)
        if city:
            found[city] = None
        slug_by_name = self._slug_by_name
        for paragraph in paragraphs:
            for name in self._pattern.findall(paragraph):
                slug = slug_by_name[name]
                if slug:
                    found.setdefault(slug, None)
        return tuple(found)

    def names(self) -> frozenset[str]:
        """Lowercase names and aliases of every place, in every spelling the tagger matches."""
        return self._names
