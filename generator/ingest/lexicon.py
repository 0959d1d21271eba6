"""Word lists for people detection: first names, titles, organisation and place words.

The lists live in `generator/data/*.txt` (one lowercase entry a line, `#` comments) so editors can
extend them without touching code; the first-name dictionary comes from the `gender_guesser`
package. Everything is read once per process into an immutable `NameLexicon` (about 40 ms, most
of it the 61,000 first names), then shared by every `PeopleFinder`.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Lowercase words that, just before a name, say a person follows ("Kremlin spokesman Dmitry
# Peskov", "teenager Lamine Yamal"). Kept here, not in a data file: they are grammar, not
# vocabulary, and rarely need editing.
CONTEXT_ROLES = frozenset(
    """president minister premier chancellor secretary governor mayor senator speaker leader
    chairman chairwoman chairperson chair ceo director commissioner ambassador envoy spokesman
    spokeswoman spokesperson aide adviser advisor official officer executive chief head founder
    co-founder judge justice advocate lawyer attorney counsel solicitor prosecutor captain skipper
    coach manager striker midfielder defender goalkeeper winger forward batter batsman bowler
    spinner pacer opener all-rounder wicketkeeper player teenager veteran debutant champion
    star actor actress singer director writer author journalist editor analyst economist
    strategist researcher scientist professor activist cleric commander general colonel
    candidate nominee member mp mla legislator lawmaker congressman congresswoman rival
    counterpart ally wife husband son daughter brother sister father mother widow colleague
    businessman businesswoman billionaire tycoon entrepreneur investor banker emeritus
    representative delegate negotiator deputy partner treasurer industrialist philanthropist
    economist pacer quick seamer keeper umpire referee jockey driver cyclist sprinter athlete
    boxer wrestler shooter archer golfer swimmer novelist poet filmmaker producer comedian
    predecessor successor boss principal teammate team-mate opponent compatriot collector
    superstar legend icon veteran playmaker full-back centre-back chef designer architect
    strongman dictator ruler monarch matriarch patriarch heir scion fellow rookie resident
    farmer trader shopkeeper student teacher doctor nurse engineer official spokesperson victim
    survivor witness mother father relative neighbour neighbor owner founder consultant
    ombudsman lyricist composer musician fisherwoman fisherman worker labourer vendor rapper
    sarpanch rancher raider translator interpreter populist indigenous forecaster sheriff
    meteorologist climatologist epidemiologist virologist physicist chemist biologist geologist
    astronomer astronaut historian archaeologist palaeontologist paleontologist anthropologist
    sociologist psychologist psychiatrist surgeon physician paediatrician pediatrician dentist
    pharmacist paramedic firefighter policeman policewoman detective investigator inspector
    parent parents grandmother grandfather grandson granddaughter nephew niece cousin uncle aunt
    fiance fiancee girlfriend boyfriend pilgrim devotee voter protester protestor demonstrator
    commuter passenger tourist spectator mourner volunteer priest imam monk nun rabbi
    vicar preacher diplomat bureaucrat technocrat administrator registrar lecturer academic
    scholar trumpeter pianist guitarist drummer violinist saxophonist vocalist dancer
    choreographer painter sculptor photographer cinematographer screenwriter playwright critic
    columnist commentator broadcaster presenter influencer blogger podcaster publisher
    quarterback linebacker pitcher outfielder shortstop goalie mountaineer rower gymnast skater
    skier weightlifter judoka grandmaster plaintiff defendant petitioner appellant complainant
    suspect accused convict inmate prisoner detainee hostage refugee migrant retiree pensioner
    homemaker housewife labourer laborer weaver potter carpenter tailor mechanic electrician
    plumber cobbler cook waiter clerk cashier salesman saleswoman accountant auditor programmer
    developer technician contractor builder landlord tenant beneficiary rescuer
    supremo machinist welder yokozuna ozeki sekiwake komusubi stablemaster rikishi
    """.split()
)
# Endings of words of learned trades ("entomologist", "seismologist", "oceanographer"): roles
# too, however rare the word.
_TRADE_ENDINGS = ("ologist", "ographer", "ometrist")


def is_role(key: str, plural: bool = False) -> bool:
    """A role word, also inside a hyphenated compound ("actor-politician", "co-author"), and with
    `plural` in the plural ("Writers Vivek Shanbhag and Perumal Murugan")."""
    if key in CONTEXT_ROLES or (plural and key[-1:] == "s" and key[:-1] in CONTEXT_ROLES):
        return True
    if key.endswith(_TRADE_ENDINGS) or (plural and key.endswith(_TRADE_ENDINGS, 0, -1)):
        return True
    return "-" in key and any(part in CONTEXT_ROLES for part in key.split("-")[-2:])


# Words that open the name of a place or a venue named after someone, in languages that put the
# name after them ("Estadio Santiago Bernabeu", "Universidad Diego Portales", "San Juan de
# Lurigancho", the Malay and Indonesian "Jalan Tun Razak", "Wisma Putra"): what follows them,
# when they open a run, is that place, not the person.
EPONYM_HEADS = frozenset(
    """estadio estadi stade stadio universidad universidade universite universita aeropuerto
    aeroporto aeroport hopital instituto colegio liceo lycee fundacion fundacao
    fondation plaza praca piazza avenida calle rua rue parque museo musee teatro palacio palais
    palazzo puente ponte escuela escola ecole centro gare estacion estacao olimpic olimpico
    olympique san santa santo sao sankt hotel jalan lorong lebuh persiaran kampung kampong pulau
    taman wisma menara dataran istana masjid stesen gedung bandara stasiun gurdwara gurudwara
    dargah""".split()
)

# Honours and ranks that a place named after someone keeps right after its head word ("Jalan Tun
# Razak", "Jalan Sultan Ismail", "Aeropuerto General Mariano Escobedo", "Estadio Presidente
# Peron"); an office further on ends the place ("San Francisco Mayor Daniel Lurie").
EPONYM_TITLES = frozenset(
    """pope sheikh sheikha king queen prince princess emir sultan tun tunku tuanku datuk dato datin seri sri raja presidente presidenta general marechal
    mariscal almirante doutor doctor dr""".split()
)

# Words that, just before a capitalised run, make it a ship ("USS Gerald R. Ford").
SHIP_PREFIXES = frozenset("uss usns ins hms hmas hmcs hmnzs rfs mv msc pns kri tcg".split())

# Words that, opening a run or right before a name, make it a storm ("Typhoon Fung-wong", "Tropical
# Storm Melissa") or a military operation or exercise ("Operation Sagar Bandhu"), never a person
# even when the name reads like one.
STORM_WORDS = frozenset("typhoon cyclone hurricane storm operation exercise".split())

# Words that end the name of a natural feature ("Ha Long Bay", "Dau Go Cave") or of a Sikh shrine
# or town ("Panja Sahib", "Nankana Sahib"); after a known first name they are a surname ("Michael
# Bay", "Nick Cave", "Nana Sahib").
GEOGRAPHY = frozenset(
    """bay cave caves gulf strait straits peninsula cape lagoon falls glacier volcano desert forest
    sanctuary waterfall creek delta plateau mountains hills coast reef atoll gorge canyon fjord
    sahib""".split()
)

# Lowercase nouns that, right after a run of capitalised words, make it an organisation's name
# ("the Hayat Tahrir al-Sham group", "Tata Electronics plants"). "government" is not here: the
# "Narendra Modi government" names a person.
ORGANISATION_NOUNS = frozenset(
    """group party company companies firm firms militia movement brand brands bank fund faction
    outfit chain conglomerate franchise network organisation organization agency foundation
    trust institute university club team studio label stadium plant plants factory unit
    subsidiary startup venture coalition alliance index shares stock stocks""".split()
)

# Lowercase nouns that, right after a run of capitalised words, make it a thing named after
# someone or in a name-like way ("the Ruy Lopez opening", "the Tejashwi Pran scheme").
THING_NOUNS = frozenset(
    """scheme yojana programme program initiative mission project opening variation defence
    film movie series show album song book novel memoir play character trophy award awards prize
    medal cup stadium arena ground park garden hall bridge setu road marg nagar colony temple
    mosque church shrine festival fest app chip chips platform model index tower building
    hospital airport station port dam canal river lake expressway highway flyover metro
    doctrine formula brand label case verdict report commission committee district village
    taluk tehsil mandal ward town township city province county region valley hills camp market
    neighbourhood neighborhood suburb street avenue square operation species""".split()
)

# Verbs of saying after a name ("Trump said", "Peskov told"), or before it ("said Amit Shah").
REPORTING_VERBS = frozenset(
    """said says told added stated noted wrote asked announced urged warned claimed insisted
    argued explained tweeted posted replied accused called described stressed emphasised
    emphasized alleged admitted confirmed denied recalled remarked observed submitted
    maintained conceded declared praised criticised criticized thanked welcomed""".split()
)

# Lowercase endings of a hyphenated adjective made from a name ("the Mukesh Ambani-led group",
# "Pakistan-occupied Kashmir"): the name ends there.
ADJECTIVE_SUFFIXES = frozenset(
    """led based born owned backed run controlled occupied made linked sponsored funded era style
    like type centric bound related dominated headed affiliated aligned friendly allied
    administered ruled appointed nominated inspired""".split()
)

# Lowercase particles that sit between the parts of one name ("Ursula von der Leyen", "Mohammed
# bin Salman", "Lula da Silva", "Zia ur Rehman", "Saif ud Din", "Ikram ul Haq", "Paolo dela Cruz",
# "Ronald delos Santos", "Laurence des Cars").
PARTICLES = frozenset(
    """da de di do dos das du del della der den van von bin ibn bint binti ben al el la le ter zu
    ur ud ul dela delos des""".split()
)

# Capitalised abbreviations, acronyms and title short forms that are never a person's initials
# ("US President", "PM Modi", "DR Congo"); other two-capital tokens before a name are initials
# ("JD Vance", "MS Dhoni").
KNOWN_ACRONYMS = frozenset(
    # "FC Porto", "CF Monterrey": a club's, not a person's initials.
    """us uk un eu pm mp cm dr md ai it tv hc sc vp gm ny dc fc cf fm""".split()
)


# Honorifics that go with a given name alone, which then names the person with them ("Sheikh
# Hasina", "Pope Francis"); with a regnal number the name is the given name and the number ("Pope
# Leo XIV" is "Leo XIV").
HONORIFICS = frozenset(
    """pope sheikh sheikha king queen prince princess emir sultan ayatollah cardinal guru swami
    sadhguru maulana mufti ustad pandit haji alhaji""".split()
)

# Parts of a title glued to it with hyphens ("Vice-President-elect", "ex-Minister").
TITLE_AFFIXES = frozenset("elect designate ex former vice deputy acting".split())

_ROMAN = re.compile(r"^(?=[mdclxvi])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")


def is_roman(key: str) -> bool:
    """A regnal number ("ii", "xiv"), as a folded key; "i" and "v" alone are too ambiguous."""
    return len(key) > 1 and _ROMAN.match(key) is not None


@functools.lru_cache(maxsize=65536)
def is_english(key: str) -> bool:
    """A word of lemminflect's English dictionary ("red", "bull"); most names from other
    languages are not ("swiatek", "gaikwad"), which is evidence of a person's name."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(key))


@functools.lru_cache(maxsize=65536)
def is_gerund(key: str) -> bool:
    """A verb's -ing form by lemminflect's dictionary ("welcoming", "slamming"): opening a run of
    capitalised words, it is the sentence's verb, not the start of a name."""
    if not key.endswith("ing") or len(key) < 6:
        return False
    from lemminflect import getAllLemmas  # a 0.2 s import, only when a run opens so

    return "VERB" in getAllLemmas(key)


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """Every word list people detection needs, lowercase, immutable."""

    first_names: frozenset[str]
    """Given names (gender_guesser's dictionary plus `first_names_extra.txt`), minus stopwords."""
    titles: frozenset[str]
    """Titles and roles: inside a run, the name starts after the last of these."""
    prefixes: frozenset[str]
    """Descriptors and nationalities stripped only from the start of a run."""
    stopwords: frozenset[str]
    """Common words never starting a name ("But", "Addressing")."""
    organisation_words: frozenset[str]
    """Words that make a run an organisation, building, event, month or weekday."""
    places: frozenset[str]
    """Single-word places (built-in list plus the places vocabulary)."""
    non_name_words: frozenset[str]
    """Words of places, venues, works and bodies that are also surnames: a name holding one
    needs a title or a role in apposition."""
    non_person_phrases: frozenset[tuple[str, ...]]
    """Word sequences that are companies or places made of name-like words."""
    longest_phrase: int
    """Length in words of the longest entry of `non_person_phrases`."""
    common_first_names: frozenset[str] = frozenset()
    """First names that are also common or organisation words ("Bill", "Will"): a name's first
    word only right after a title ("Sen. Bill Cassidy")."""


def read_word_list(name: str) -> list[str]:
    """Entries of `generator/data/<name>`: stripped, lowercase, without blanks and comments."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    entries = (line.strip().lower() for line in text.splitlines())
    return [entry for entry in entries if entry and not entry.startswith("#")]


def gender_guesser_dictionary() -> Path:
    """Path of the first-name dictionary shipped inside the `gender_guesser` wheel."""
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or spec.origin is None:
        raise RuntimeError("people detection needs the gender-guesser package (pip install it)")
    return Path(spec.origin).parent / "data" / "nam_dict.txt"


def read_gender_guesser_names(path: Path) -> set[str]:
    """Lowercase first names of gender_guesser's `nam_dict.txt`.

    The file is parsed directly instead of through `gender_guesser.Detector`: we only need the
    names, not the per-country frequencies, and this takes 40 ms instead of 300 ms. A `+` in a
    name joins parts that are written joined, spaced or hyphenated.
    """
    names: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in "#=" or len(line) < 4:
                continue
            name = line.split()[1].lower()
            if "+" in name:
                names.update(name.replace("+", joiner) for joiner in ("", "-"))
            else:
                names.add(name)
    return names


def split_phrases(entries: Iterable[str]) -> tuple[set[str], set[tuple[str, ...]]]:
    """Split place or phrase entries into single words and multi-word sequences."""
    singles: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for entry in entries:
        words = tuple(entry.split())
        (phrases.add(words) if len(words) > 1 else singles.add(words[0]))
    return singles, phrases


@functools.cache
def base_lexicon() -> NameLexicon:
    """The lexicon built from the shipped data files, read once per process (immutable)."""
    stopwords = frozenset(read_word_list("name_stopwords.txt"))
    organisation_words = frozenset(read_word_list("organisation_words.txt"))
    titles = frozenset(read_word_list("person_titles.txt"))
    first_names = read_gender_guesser_names(gender_guesser_dictionary())
    first_names.update(read_word_list("first_names_extra.txt"))
    # The dictionary holds words such as "The", "Will", "Said", "General": a stopword, a title or
    # an organisation word is never evidence of a first name.
    common_first_names = first_names & (stopwords | organisation_words)
    first_names -= stopwords | organisation_words | titles
    place_words, place_phrases = split_phrases(read_word_list("places.txt"))
    _, phrases = split_phrases(read_word_list("non_person_phrases.txt"))
    phrases |= place_phrases
    return NameLexicon(
        first_names=frozenset(first_names),
        titles=titles,
        prefixes=frozenset(read_word_list("person_prefixes.txt")),
        stopwords=stopwords,
        organisation_words=organisation_words,
        places=frozenset(place_words),
        non_name_words=frozenset(read_word_list("non_name_words.txt")),
        non_person_phrases=frozenset(phrases),
        longest_phrase=max((len(p) for p in phrases), default=1),
        common_first_names=frozenset(common_first_names),
    )


def lexicon_with_places(
    place_names: Iterable[str], organisation_names: Iterable[str] = ()
) -> NameLexicon:
    """The shipped lexicon extended with a places vocabulary and the multi-word names of known
    organisations ("Morgan Stanley" is never a person)."""
    base = base_lexicon()
    singles, phrases = split_phrases(name.strip().lower() for name in place_names if name.strip())
    phrases.update(
        tuple(words)
        for words in (name.lower().replace("'s", "").split() for name in organisation_names)
        if len(words) > 1
    )
    if not singles and not phrases:
        return base
    all_phrases = base.non_person_phrases | phrases
    return NameLexicon(
        first_names=base.first_names,
        titles=base.titles,
        prefixes=base.prefixes,
        stopwords=base.stopwords,
        organisation_words=base.organisation_words,
        places=base.places | singles,
        non_name_words=base.non_name_words,
        non_person_phrases=all_phrases,
        longest_phrase=max(len(p) for p in all_phrases),
        common_first_names=base.common_first_names,
    )
