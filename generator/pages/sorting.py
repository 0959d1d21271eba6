"""How the A–Z indexes order names: people by surname, as news archives and libraries file them.

The rule, for a person's display name:

1. A name an editor wrote with a comma ("Modi, Narendra") is already in filing order.
2. A one-word name ("Madonna", "Suharto") files under the whole name.
3. A name written family name first files under the whole name, as written: a first word among
   the common Chinese, Korean and Vietnamese family names ("Xi Jinping", "Kim Jong Un",
   "Nguyen Phu Trong"); for the few of those that are also Western given names ("Lee", "Ma"),
   only when a hyphenated given name or three words say so ("Lee Jae-myung", "Lee Hsien Loong",
   but "Lee Anderson" under A).
4. Otherwise the last word is the surname, with the lowercase particles before it ("Ursula von
   der Leyen" is "von der Leyen, Ursula", under V) and without a generational suffix ("Martin
   Luther King Jr." is "King, Martin Luther, Jr."). An Arabic article joined to the surname is
   shown but not filed under ("Bashar al-Assad" is "al-Assad, Bashar", under A for Assad).

Names in other scripts file by their ASCII transliteration ("Αλέξης Τσίπρας" under T), with
accents ignored ("Åsa" next to "Asa"). Organisations, topics and places file by their whole name.
"""

from __future__ import annotations

import re

from generator.urls import ascii_words

_FAMILY_FIRST = frozenset(
    """
    bai cai cao chen cheng chiang chou choi chun deng ding dong du fan fang feng gao gong guo
    han hao he hou hu hua huang hun jang ji jia jiang jin jung kang kim ko kwon li liang liao
    lim liu lu luo lyu meng moon nguyen pak pan park peng qian qin ren shen shi song su tan
    tang tao tian tran wan wang wei wen wu xi xia xiao xie xu xue yan yang yao ye yin yoon yu
    yuan zeng zhang zhao zheng zhou zhu zou
    """.split()
)
"""Family names that come first when written (Chinese, Korean, Vietnamese) and that are not
also common Western given names."""
_FAMILY_FIRST_IF_SURE = frozenset("lee ma lin sun hong young kong chung".split())
"""Family names that come first in East Asian names but are also Western given names or
surnames: family first only with a hyphenated given name or three words."""
_PARTICLES = frozenset(
    "von van der den de da di du la le del della dos das do bin binti ibn ben ter ten y".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v".split())
_NOT_KEY = re.compile(r"[^a-z0-9 ]")
_ARTICLE = re.compile(r"^(?:al|el|ul|as|ad|an|ar|at|az|ash)-", re.IGNORECASE)


def filing_name(name: str) -> str:
    """A person's name in filing order: "Narendra Modi" -> "Modi, Narendra"; a name that
    files as written ("Xi Jinping", "Madonna") comes back unchanged."""
    name = " ".join(name.split())
    words = name.split(" ")
    if "," in name or len(words) < 2:
        return name
    suffix = ""
    if len(words) > 2 and words[-1].casefold().rstrip(",") in _SUFFIXES:
        suffix = words.pop().rstrip(",")
        words[-1] = words[-1].rstrip(",")
    first = ascii_words(words[0]).strip("-")
    hyphenated = len(words) > 1 and "-" in words[1]
    if first in _FAMILY_FIRST or (
        first in _FAMILY_FIRST_IF_SURE and (hyphenated or len(words) == 3)
    ):
        return name
    at = len(words) - 1
    while at > 1 and words[at - 1] in _PARTICLES:
        at -= 1
    surname, given = " ".join(words[at:]), " ".join(words[:at])
    return f"{surname}, {given}, {suffix}" if suffix else f"{surname}, {given}"


def sort_key(text: str) -> str:
    """The key a name files under: ASCII, lowercase, an Arabic article dropped ("al-Assad,
    Bashar" -> "assad bashar")."""
    return " ".join(_NOT_KEY.sub("", ascii_words(_ARTICLE.sub("", text)).replace(",", " ")).split())


def initial(key: str) -> str:
    """The letter a sort key files under, "#" for a digit or anything else."""
    letter = key[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"
