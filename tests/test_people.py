"""People detection: the quality bar on labelled stories, then the rules one trap at a time."""

from __future__ import annotations

import pytest

from generator.ingest.entities import find_entities
from generator.ingest.organisations import OrganisationFinder
from generator.ingest.people import PeopleFinder, PeopleFound
from generator.models import Person
from tests.tagging_quality import POOLED, TUNING, figures, load_stories, people_scores

TRUMP = Person("donald-trump", "Donald Trump", aliases=("Trump", "President Trump"))
PUTIN = Person("vladimir-putin", "Vladimir Putin", aliases=("Putin",))
VOCABULARY = {person.slug: person for person in (TRUMP, PUTIN)}


@pytest.fixture(scope="module")
def finder() -> PeopleFinder:
    """A finder with a two-person vocabulary, built once (as ingest does)."""
    return PeopleFinder(VOCABULARY)


@pytest.fixture(scope="module")
def bare() -> PeopleFinder:
    """A finder with an empty vocabulary: every person must be detected."""
    return PeopleFinder({})


def find(finder: PeopleFinder, *paragraphs: str) -> PeopleFound:
    """Shorthand: run the finder over a few paragraphs."""
    return finder.find(list(paragraphs))


# Issue 11's bar is precision >= 0.97 and recall >= 0.96 on the held-out part: the held-out sets
# pooled, never tuned on (`POOLED`). Every set measured also keeps a floor of its own. The former
# held-out sets were retired into the tuning data (1 to 3, then 4 and 5, on 2026-11-30;
# tests/tagging_quality.py): the model is trained on them, so their figures are no longer a
# measure of unseen copy and their floors only guard against regressions (as held-out sets, 4
# and 5 had 0.926 and 0.954). Held-out 6 and 7, each 60 stories written blind, measured 0.983,
# 0.976 and 0.968, 0.965: 7 alone is just under the precision bar (one false person in 346 found
# is 0.003), and its floor sits at what it measures.
BARS = {
    "tuning": (0.97, 0.96),
    "former held-out 1": (0.97, 0.96),
    "former held-out 2": (0.97, 0.96),
    "former held-out 3": (0.97, 0.96),
    "former held-out 4": (0.96, 0.95),
    "former held-out 5": (0.97, 0.95),
    "held-out 6": (0.97, 0.96),
    "held-out 7": (0.96, 0.96),
    POOLED: (0.97, 0.96),
}


@pytest.mark.parametrize("labelled", sorted(BARS))
def test_labelled_stories_meet_the_quality_bar(labelled: str) -> None:
    """People found in the labelled wire stories with an empty vocabulary reach the set's
    precision and recall."""
    stories = load_stories(labelled)
    if not stories and labelled not in TUNING:
        pytest.skip(f"no {labelled} set yet")
    result = figures(people_scores(stories))
    precision, recall = BARS[labelled]
    assert result.stories >= (100 if labelled == POOLED else 40)
    assert result.precision >= precision, result
    assert result.recall >= recall, result


def test_vocabulary_alias_names_the_person(finder: PeopleFinder) -> None:
    """A declared multi-word alias ("President Trump") tags the vocabulary person."""
    found = find(finder, "President Trump met reporters at the White House on Monday.")
    assert found.slugs == ("donald-trump",)
    assert found.new == ()


def test_full_name_and_surname_resolve_to_one_person(finder: PeopleFinder) -> None:
    """A lone surname points back to the person named in full; no repeats, first mention first."""
    found = find(
        finder,
        "US President Donald Trump and Russian President Vladimir Putin spoke on Tuesday.",
        "Trump said the call went well. Putin said little.",
    )
    assert found.slugs == ("donald-trump", "vladimir-putin")


def test_possessive_resolves_like_the_surname(finder: PeopleFinder) -> None:
    """ "Putin's" mentioned before the full name orders Putin first."""
    found = find(
        finder,
        "Putin's aide spoke to Kommersant on Tuesday.",
        "Donald Trump and Vladimir Putin will talk by phone, the Kremlin said.",
    )
    assert found.slugs == ("vladimir-putin", "donald-trump")


def test_detected_surname_and_possessive(bare: PeopleFinder) -> None:
    """A detected person's surname and possessive point back to them, never to someone new."""
    found = find(
        bare,
        "Kremlin spokesman Dmitry Peskov said talks were being prepared.",
        "Peskov's remarks came a day later. Peskov added that Moscow was ready.",
    )
    assert found.slugs == ("dmitry-peskov",)
    assert found.new == (Person("dmitry-peskov", "Dmitry Peskov", reviewed=False),)


def test_a_single_word_never_creates_a_person(finder: PeopleFinder, bare: PeopleFinder) -> None:
    """ "Trump said", even with "Trump" as a declared alias, names nobody without a full name."""
    text = "Addressing reporters on Sunday, Trump said he would speak to Putin on Tuesday."
    assert find(bare, text).slugs == ()
    assert find(finder, text).slugs == ()


def test_same_surname_is_ambiguous(bare: PeopleFinder) -> None:
    """Two Gandhis: both are tagged, the lone "Gandhi" adds nobody."""
    found = find(
        bare,
        "Leader of the Opposition Rahul Gandhi and former Congress president Sonia Gandhi "
        "attended the meeting.",
        "Gandhi said the party would oppose the Bill. Gandhi's remarks drew applause.",
    )
    assert found.slugs == ("rahul-gandhi", "sonia-gandhi")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BJP leader Amit Shah said the Bill was needed.", ("amit-shah",)),
        ("Congress MP Shashi Tharoor told reporters it was rushed.", ("shashi-tharoor",)),
        (
            "Tata Sons Chairman N. Chandrasekaran said the group would invest.",
            ("n-chandrasekaran",),
        ),
        ("Russian Presidential aide Yuri Ushakov told Kommersant.", ("yuri-ushakov",)),
        ("Trump's Special Envoy Steve Witkoff arrived in Moscow.", ("steve-witkoff",)),
        ("Panamanian President José Raúl Mulino said so.", ("jose-raul-mulino",)),
        ("Turkish President Recep Tayyip Erdoğan said so.", ("recep-tayyip-erdogan",)),
        ("Commission President Ursula von der Leyen said so.", ("ursula-von-der-leyen",)),
        ("Saudi Crown Prince Mohammed bin Salman called.", ("mohammed-bin-salman",)),
        ("Egyptian President Abdel Fattah el-Sisi welcomed it.", ("abdel-fattah-el-sisi",)),
        ("Shares fell after a note on the Mukesh Ambani-led group.", ("mukesh-ambani",)),
        ("Vice President JD Vance said so. Vance left.", ("jd-vance",)),
        ("Union Minister of Mines G. Kishan Reddy said so.", ("g-kishan-reddy",)),
        (
            "Minister of Petroleum and Natural Gas Hardeep Singh Puri said so.",
            ("hardeep-singh-puri",),
        ),
        ("SP MP Zia ur Rehman Barq said so. Barq left.", ("zia-ur-rehman-barq",)),
        ("Councilmember Denise Whitfield sponsored the proposal.", ("denise-whitfield",)),
    ],
)
def test_titles_parties_and_forms_of_names(bare: PeopleFinder, text: str, expected: tuple) -> None:
    """Titles, parties and nationalities are trimmed; particles, initials and diacritics kept."""
    assert find(bare, text).slugs == expected


@pytest.mark.parametrize(
    "text",
    [
        "Goldman Sachs and Morgan Stanley said Larsen & Toubro would gain.",
        "Analysts at JP Morgan said Wells Fargo and Charles Schwab reported higher profit.",
        "Talks in Saudi Arabia, New Delhi and Tel Aviv were followed by the White House.",
        "The Supreme Court and the Reserve Bank of India said so on Monday.",
        "The Prime Minister said the President would visit. Prime Minister's Office agreed.",
        "Chief Minister said the Kremlin spokesman would not comment.",
        "In a post on @realDonaldTrump and #Trump, supporters cheered.",
        "Addressing reporters on Sunday, officials said Tuesday and March 11 were possible.",
        "Real Madrid beat Manchester United at the Santiago Bernabeu in the Champions League.",
        "Jannik Sinner's match at Rod Laver Arena drew a crowd. The Australian Open ended.",
        "Chipmaker Nvidia said demand was strong. Drugmaker Pfizer disagreed.",
        "Walt Disney slipped 2.4% and Hong Kong's Hang Seng gained 0.6 per cent.",
        "Auditor Deloitte Haskins & Sells resigned; Quinn Emanuel Urquhart & Sullivan advised.",
    ],
)
def test_traps_are_never_people(bare: PeopleFinder, text: str) -> None:
    """Companies, places, bodies, titles alone, handles and venues named after people."""
    found = find(bare, text)
    assert "jannik-sinner" not in found.slugs or found.slugs == ("jannik-sinner",)
    assert [slug for slug in found.slugs if slug != "jannik-sinner"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vice-President-elect Jane Doe arrived. Doe thanked voters.", ("jane-doe",)),
        (
            "President-elect Jane Doe met Prime Minister Narendra Modi.",
            ("jane-doe", "narendra-modi"),
        ),
        ("Former Prime Minister Manmohan Singh was remembered.", ("manmohan-singh",)),
        ("Union Minister Nitin Gadkari said the road would open.", ("nitin-gadkari",)),
        ("Pope Leo XIV addressed pilgrims. Pope Leo said peace was near.", ("leo-xiv",)),
        ("King Charles III met Keir Starmer, the prime minister.", ("charles-iii", "keir-starmer")),
        ("Sheikh Hasina left Dhaka. Hasina's party said so.", ("sheikh-hasina",)),
        ("Slamming Rahul Gandhi, the BJP said the Congress had failed.", ("rahul-gandhi",)),
        (
            "Welcoming Sanjay Malhotra, the board thanked him. Malhotra said little.",
            ("sanjay-malhotra",),
        ),
        ("Leader of the Opposition in the Lok Sabha Rahul Gandhi alleged so.", ("rahul-gandhi",)),
        ("Nineteen-year-old Divya Deshmukh became a Grandmaster.", ("divya-deshmukh",)),
        ('"It is spring," said Park Ji-hye, a 29-year-old office worker.', ("park-ji-hye",)),
        ("Fisherwoman Mercy Antony, 58, said the seawall was crumbling.", ("mercy-antony",)),
    ],
)
def test_titles_honorifics_and_verbs_around_names(
    bare: PeopleFinder, text: str, expected: tuple
) -> None:
    """Glued titles, honorifics, regnal numbers and a verb opening the sentence resolve to the
    person alone."""
    assert find(bare, text).slugs == expected


def test_a_title_before_a_known_name_adds_nobody() -> None:
    """ "Vice-President-elect Jane Doe" is the vocabulary's Jane Doe, not a new person; "Pope Leo"
    is the vocabulary's Leo XIV."""
    finder = PeopleFinder(
        {
            "jane-doe": Person("jane-doe", "Jane Doe"),
            "leo-xiv": Person("leo-xiv", "Leo XIV"),
        }
    )
    found = finder.find(["Vice-President-elect Jane Doe met Pope Leo at the Vatican."])
    assert found.slugs == ("jane-doe", "leo-xiv")
    assert found.new == ()


def test_known_organisations_are_never_people() -> None:
    """Names of organisations the finder is told about are not people, however they read."""
    text = "Analysts at Harlan Whitcombe, who track the bank, said Ruchir Sharma agreed."
    assert PeopleFinder({}).find([text]).slugs[0] == "harlan-whitcombe"
    finder = PeopleFinder({}, organisation_names=["Harlan Whitcombe"])
    assert finder.find([text]).slugs == ("ruchir-sharma",)


def test_handle_never_tags_a_vocabulary_person(finder: PeopleFinder) -> None:
    """ "@realDonaldTrump" is a handle, not a mention of Donald Trump."""
    assert find(finder, "The post on @realDonaldTrump was deleted.").slugs == ()


def test_new_people_are_unreviewed_and_listed(bare: PeopleFinder) -> None:
    """Detected people come back in `new` with reviewed=False, their slugs also in `slugs`."""
    found = find(
        bare,
        "US President Donald Trump met Indian Prime Minister Narendra Modi on Thursday.",
        "Modi said the talks were productive.",
    )
    assert found.slugs == ("donald-trump", "narendra-modi")
    assert [(p.slug, p.name, p.reviewed) for p in found.new] == [
        ("donald-trump", "Donald Trump", False),
        ("narendra-modi", "Narendra Modi", False),
    ]


def test_vocabulary_people_are_not_new(finder: PeopleFinder) -> None:
    """A vocabulary person found in full is in `slugs` but never in `new`."""
    found = find(finder, "US President Donald Trump met Home Minister Amit Shah.")
    assert found.slugs == ("donald-trump", "amit-shah")
    assert [p.slug for p in found.new] == ["amit-shah"]


def test_a_renamed_vocabulary_person_keeps_the_name_their_slug_says() -> None:
    """An editor renamed the entry but kept its slug: "Amit Shah" is still that person (issue 9)."""
    renamed = Person("amit-shah", "Amitabh Shahi")
    found = PeopleFinder({"amit-shah": renamed}).find(["Home Minister Amit Shah said so."])
    assert found.slugs == ("amit-shah",)
    assert found.new == ()


def test_places_vocabulary_rejects_place_names() -> None:
    """Names from the places vocabulary are never people ("Morgan Hill" is a city): the rules
    alone read it as a person without the vocabulary (the second opinion may doubt it too)."""
    text = "Residents of Morgan Hill said the water was safe."
    assert PeopleFinder({}, model=None).find([text]).slugs == ("morgan-hill",)
    assert PeopleFinder({}, place_names=["morgan hill"], model=None).find([text]).slugs == ()
    assert PeopleFinder({}, place_names=["morgan hill"]).find([text]).slugs == ()


def test_detection_is_deterministic(bare: PeopleFinder) -> None:
    """The same story gives the same result, from the same or from a fresh finder."""
    story = [
        "Congress leader Rahul Gandhi met Nigerian President Bola Tinubu and Sonia Gandhi.",
        "Tinubu said Gandhi was a friend. Kremlin spokesman Dmitry Peskov told reporters.",
    ]
    first = bare.find(story)
    assert bare.find(story) == first
    assert PeopleFinder({}).find(story) == first


@pytest.mark.parametrize(
    "credit",
    [
        "(Reporting by Nupur Anand in New York; Editing by Lisa Shumaker)",
        "Reporting by Andrea Shalal; Additional reporting by Kanishka Singh; Editing by Jane Doe",
        "-- Reporting by Rahul Trivedi, Editing by Sonia Cheema",
        "Associated Press writers Jill Lawless in London and Sam McNeil contributed.",
    ],
)
def test_credit_lines_name_nobody(credit: str) -> None:
    """Journalists in credit lines are not people the story is about, whether the credit
    stands alone or ends the last paragraph; the story's own people stay."""
    organisations = OrganisationFinder({})
    finder = PeopleFinder({}, organisation_names=organisations.names())
    story = ["Finance Minister Nirmala Sitharaman said the deficit would narrow.", credit]
    assert find_entities(finder, organisations, story).people.slugs == ("nirmala-sitharaman",)
    joined = [f"{story[0]} {credit}"]
    assert find_entities(finder, organisations, joined).people.slugs == ("nirmala-sitharaman",)


def test_a_byline_names_nobody() -> None:
    """ "By Priya Nair and Omar Haddad", a paragraph of its own, is the writers' byline."""
    organisations = OrganisationFinder({})
    finder = PeopleFinder({}, organisation_names=organisations.names())
    story = ["By Priya Nair and Omar Haddad", "Home Minister Amit Shah said so. Shah left."]
    assert find_entities(finder, organisations, story).people.slugs == ("amit-shah",)


def test_a_name_listed_beside_people_is_a_person(bare: PeopleFinder) -> None:
    """ "Tiger Woods" alone is two English words; listed with two skaters, it is a person too."""
    assert find(bare, "Tiger Woods won.").slugs == ()
    found = find(bare, "Rayssa Leal, Coco Yoshizawa and Tiger Woods won medals.")
    assert found.slugs == ("rayssa-leal", "coco-yoshizawa", "tiger-woods")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Rahul Mehta\'s plan is dead," said Anil Desai. Rahul Mehta disagreed.', "rahul-mehta"),
        ("Lakshya Sen won the title. Sen said he was tired.", "lakshya-sen"),
        ("Analyst Marta Lagos said polls favoured him. Lagos added more.", "marta-lagos"),
        ("Anindita Sarkar, a college student, queued for hours.", "anindita-sarkar"),
        ("Stephens County Sheriff Wayne McKinney said so.", "wayne-mckinney"),
    ],
)
def test_surnames_that_look_like_other_words(bare: PeopleFinder, text: str, expected: str) -> None:
    """A quotation opening with a possessive is no title; a title's short form, a place or a
    body's word written last after a first name is a surname."""
    assert expected in find(bare, text).slugs


@pytest.mark.parametrize(
    "text",
    [
        "Sudan Gurung, founder of the civic group Hami Nepal, spoke.",
        "The Air India Flight AI171 crashed on take-off.",
        "Tourists huddled in the Hotel Princess Mundo Imperial.",
    ],
)
def test_bodies_and_venues_named_like_people(text: str) -> None:
    """A name after a body's descriptor, one straddling a known organisation, a hotel's."""
    finder = PeopleFinder({}, organisation_names=OrganisationFinder({}).names())
    found = find(finder, text).slugs
    assert not {"hami-nepal", "india-flight", "mundo-imperial"} & set(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Girona coach Michel complained about the penalty.", ("michel",)),
        (
            "Rohit Sharma made 80. Later, captain Rohit said the team had done well.",
            ("rohit-sharma",),
        ),
        ("His brother Wladimir, a former champion, was there.", ()),
        ("Will Smith, a lawyer for the accusers, said they were hopeful.", ("will-smith",)),
        ('"It is the best copper producer". Anglo is also selling its diamond unit.', ()),
        (
            "Analyst Gil Luria of D.A. Davidson said the chips were cheaper.",
            ("gil-luria",),
        ),
        (
            "Analyst Abhishek Pathak of Ravi Sundaram said the fee was a worry.",
            ("abhishek-pathak",),
        ),
        ("Dr Umar Un Nabi, who drove the car, was killed.", ("umar-un-nabi",)),
    ],
)
def test_first_names_alone_kin_and_employers(
    bare: PeopleFinder, text: str, expected: tuple
) -> None:
    """A first name alone after a role is a person unless someone named in full has it, or kin
    precede it; a role ending the sentence before names nobody; a name right after a person's
    and "of" is their employer; a short acronym counts only in capitals."""
    assert find(bare, text).slugs == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Titles and roles of the sixth round: barristers, regents, sumo ranks, trades.
        ("Party chairman Barrister Gohar Ali Khan said so.", ("gohar-ali-khan",)),
        ("Bandung Regent Dadang Supriatna Wiguna said so.", ("dadang-supriatna-wiguna",)),
        ("Yokozuna Terunofuji won again. Ozeki Kirishima lost.", ("terunofuji", "kirishima")),
        ("Seismologist Farah Qadir of the survey said so.", ("farah-qadir",)),
        ("Welder Marta Okonjo, who has worked there for years, said so.", ("marta-okonjo",)),
        ("BSP supremo Mayawati said the party would stay away.", ("mayawati",)),
        # A nickname in quotes between given name and surname.
        ('Singer Tomas "El Jibaro" Quintero Lugo died. Quintero was 80.', ("tomas-quintero-lugo",)),
        # "Sheikh" and a given name point back to the full name.
        (
            "Sheikh Rashid bin Khalid Al Nuaimi signed the deal. Sheikh Rashid said so.",
            ("rashid-bin-khalid-al-nuaimi",),
        ),
        # A one-word name opening a clause before ", who".
        ("A farmer near the site, Wagiman, who uses one name, said so.", ("wagiman",)),
        # A short family name and a hyphenated given name.
        ("South Korea's An Se-young won the title.", ("an-se-young",)),
    ],
)
def test_sixth_round_people(bare: PeopleFinder, text: str, expected: tuple) -> None:
    """Titles, roles, nicknames, "Sheikh" with a given name, one-word names before ", who" and
    East Asian names found in the blind stories of the sixth round."""
    assert find(bare, text).slugs == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A film's character after "plays" and a role.
        ("Actor Anil Kapoor, who plays advocate Rustom Dinshaw Mehta, said so.", ("anil-kapoor",)),
        # Places listed before a plural place noun, and a verb past a comma.
        ("Drones dropped heroin in Khemkaran Taran and Amritsar districts.", ()),
        ("Police searched fields in Kalsian Banda, officials said.", ()),
        # A home town after a person's name and age.
        ("Arvinder Singh, 29, of Naushehra Pannuan was arrested.", ("arvinder-singh",)),
        # A venue's word last, even after a title; a headland; a two-word nationality.
        ("Awards will be given at the Dr Bhupen Hazarika Kalakshetra.", ()),
        ("Fishermen from Point Pedro protested.", ()),
        ("Sri Lankan authorities said so.", ()),
        # A street named after a person the story names.
        ("Celia Cruz sang there. The shop is near Celia Cruz Way.", ("celia-cruz",)),
        # A series of missions, not a king; a king and a pope stay people.
        ("The Artemis II crew trained. Artemis III, which lands later, slipped.", ()),
        ("Pope Leo XIV paid homage to Leo XIII.", ("leo-xiv", "leo-xiii")),
        # "had accused": a verb, not a role; "Un" in lowercase is no UN.
        ("Senator Kristi Noem had accused Harvard of bias.", ("kristi-noem",)),
        ("The film was screened in the Un Certain Regard section.", ()),
        # Not one-word people before ", who": places, teams, nationalities.
        ("Doctors in Patiala, who examined him, said so.", ()),
        ("Reaves scored 25 for the Lakers, who have won seven.", ()),
    ],
)
def test_sixth_round_traps(bare: PeopleFinder, text: str, expected: tuple) -> None:
    """Characters, places, venues, streets, series and verbs that read like people."""
    assert find(bare, text).slugs == expected


def test_a_name_inside_an_organisations_name_is_nobody() -> None:
    """ "Safai Karamcharis" of the "National Commission for Safai Karamcharis" is no person, and
    an organisation found under one of its aliases ("Harvard") is none either."""
    organisations = OrganisationFinder({})
    people = PeopleFinder({}, organisation_names=organisations.names())
    text = (
        "The National Commission for Safai Karamcharis (NCSK) filed data. Harvard President "
        "Alan Garber said Harvard University would appeal; a judge had accused Harvard of delay."
    )
    found = find_entities(people, organisations, [text])
    assert found.people.slugs == ("alan-garber",)
    assert "harvard-university" in found.organisations.slugs


def test_a_known_organisations_one_word_name_is_no_one_word_person() -> None:
    """ "Rival Barclays" reads like "coach Michel", but Barclays is a known organisation."""
    organisations = OrganisationFinder({})
    people = PeopleFinder({}, organisation_names=organisations.names())
    text = "Rival Barclays has also trimmed its investment banking headcount."
    assert find_entities(people, organisations, [text]).people.slugs == ()


@pytest.mark.parametrize(
    ("text", "people", "organisations"),
    [
        (
            "Union Minister Jericho dela Cruz did not respond. Later, dela Cruz met Senator "
            "Ronald delos Santos.",
            ("jericho-dela-cruz", "ronald-delos-santos"),
            (),
        ),
        (
            "The orbit came up in a call between Banerjee and Sagar Cements chief scientist "
            "Amara Adeyemi.",
            ("amara-adeyemi",),
            ("sagar-cements",),
        ),
        (
            "Crescent Power chief financial officer Samir Khalidi and Pinnacle Software chief "
            "economist Lakshmi Khan spoke, as did Lotus Hotels founder Ana Reis.",
            ("samir-khalidi", "lakshmi-khan", "ana-reis"),
            ("crescent-power", "pinnacle-software", "lotus-hotels"),
        ),
    ],
)
def test_particles_and_employers_before_a_role(
    text: str, people: tuple, organisations: tuple
) -> None:
    """Filipino particles join a name as "von" does; a company before an employee's role is an
    organisation, not a person (the benchmark's 100,000 stories made people of nine companies
    named so, and two of each "dela Cruz")."""
    finder = OrganisationFinder({})
    found = find_entities(PeopleFinder({}, organisation_names=finder.names()), finder, [text])
    assert found.people.slugs == people
    assert found.organisations.slugs == organisations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Commerce minister Alhaj Farid Zazai met Foreign Minister Mawlawi Karim Wardak.",
            ("farid-zazai", "karim-wardak"),
        ),
        ("The vessel is under the command of Commandant Vivek Rathore.", ("vivek-rathore",)),
        ("Hurriyat chairman Mirwaiz Tariq Qadri led the prayers.", ("tariq-qadri",)),
        ("Opposition leader Datuk Seri Panglima Hamdan Yusof said so.", ("hamdan-yusof",)),
        ("Foreign Minister Sayyid Hamad Al Harthy met the envoy.", ("hamad-al-harthy",)),
        ("Archbishop Abune Yohannes Gebre, the synod's secretary, spoke.", ("yohannes-gebre",)),
        (
            "Major Archbishop Mar Joseph Kallarangatt presided. Mar Kallarangatt said so.",
            ("joseph-kallarangatt",),
        ),
        ("Olympian Harpal Singh Sandhu coached the side.", ("harpal-singh-sandhu",)),
        ("Talks with FM Salim Al Habsi went well.", ("salim-al-habsi",)),
        ("Party chief Sardar Imran Zehri resigned.", ("imran-zehri",)),
        (
            "Museum director Claire des Roches said so. Des Roches added more.",
            ("claire-des-roches",),
        ),
    ],
)
def test_honorifics_of_many_traditions(bare: PeopleFinder, text: str, expected: tuple) -> None:
    """Afghan, Kashmiri, Malaysian, Omani, Ethiopian, Syriac and Baloch honorifics, a coast guard
    rank, a sportsman's title and a foreign minister's abbreviation ("FM", no initials) before a
    name are not part of it; French "des" joins a name as "de" does."""
    assert find(bare, text).slugs == expected
