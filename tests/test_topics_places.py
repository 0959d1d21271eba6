"""Topic and place tagging: the vocabularies shipped with Morgue and the taggers built on them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.content import load_topics
from generator.ingest.places import PlaceTagger, load_places
from generator.ingest.topics import TopicTagger
from generator.models import Place, Topic
from generator.urls import slugify
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
TOPICS_FILE = ROOT / "generator" / "skeleton" / "content" / "topics.yaml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

ELECTION = (
    "Voters in Maharashtra queued outside polling stations from early on Wednesday as the state "
    "voted in a single phase, with the Election Commission reporting a turnout of 58 per cent by "
    "5 p.m.",
    "The ruling alliance is seeking re-election on its welfare record, while the opposition "
    "campaigned on farm distress and unemployment. Counting of votes will take place on Saturday.",
    "Officials said polling was largely peaceful, though minor scuffles were reported from two "
    "constituencies in Beed district.",
)
CRICKET = (
    "India beat Australia by six wickets in the third ODI at the Wankhede Stadium on Sunday, with "
    "Shubman Gill scoring an unbeaten 112 to seal the series 2-1.",
    "Chasing 287, India lost both openers inside the powerplay before Gill and KL Rahul added 141 "
    "for the third wicket. Australia's spinners struggled on a dewy evening.",
    "The teams now move to Ahmedabad for a three-match T20I series starting on Thursday.",
)
MARKETS = (
    "Mumbai, Jan 8 (IANS) Benchmark indices ended higher on Wednesday as banking and IT shares "
    "rallied after the Reserve Bank of India held the repo rate at 6.5 per cent.",
    "The Sensex closed 412 points up at 78,199, while the Nifty gained 118 points. Foreign "
    "investors were net buyers for a third straight session, exchange data showed.",
    "Analysts said lenders with large retail loan books stood to benefit from the central bank's "
    "softer tone on inflation.",
)
AI_STORY = (
    "Bengaluru-based start-ups are racing to build generative AI tools for Indian languages, with "
    "three new large language models released in the past month alone.",
    "Researchers at the Indian Institute of Science said the models were trained on 40 billion "
    "tokens of Hindi, Tamil and Bengali text. Chatbot makers say demand from banks is strong.",
    "The government's AI mission has set aside Rs 10,000 crore for computing capacity.",
)


@pytest.fixture(scope="module")
def topics() -> dict[str, Topic]:
    return load_topics(TOPICS_FILE)


@pytest.fixture(scope="module")
def topic_tagger(topics: dict[str, Topic]) -> TopicTagger:
    return TopicTagger(topics)


@pytest.fixture(scope="module")
def places() -> dict[str, Place]:
    return load_places()


@pytest.fixture(scope="module")
def place_tagger(places: dict[str, Place]) -> PlaceTagger:
    return PlaceTagger(places)


@pytest.fixture(scope="module")
def sample() -> tuple[str, tuple[str, ...]]:
    """(dateline, paragraphs) of the sample wire story, parsed just enough for tagging."""
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not p.startswith("Disclaimer:")]
    head, lede = paragraphs[0].split("(IANS)", 1)
    dateline = head.split()[2].rstrip(",")  # " date 2025-03-18 Moscow, March 18"
    return dateline, (lede.strip(), *paragraphs[1:])


# --- vocabularies ---------------------------------------------------------------------------------


def test_topic_vocabulary_is_well_formed(topics: dict[str, Topic]) -> None:
    assert 30 <= len(topics) <= 60
    for slug, topic in topics.items():
        assert SLUG.match(slug) and slugify(slug) == slug, slug
        assert topic.name and topic.description and topic.keywords, slug
        assert topic.parent == "" or topic.parent in topics, (slug, topic.parent)
        assert topic.parent == "" or topics[topic.parent].parent == "", "one level of sub-topics"
    roots = {slug for slug, topic in topics.items() if not topic.parent}
    assert {"politics", "sport", "health", "weather", "conflict", "economy"} <= roots


def test_place_vocabulary_is_well_formed(places: dict[str, Place]) -> None:
    countries = {slug for slug, place in places.items() if not place.country}
    assert len(countries) >= 193 + 4  # UN members, Kosovo, Palestine, Taiwan, Vatican City
    assert len(places) - len(countries) >= 300
    owner: dict[str, str] = {}
    for slug, place in places.items():
        assert SLUG.match(slug) and slug.isascii(), slug
        assert slug == slugify(place.name) or slug in {"dr-congo"}, slug
        assert place.country == "" or place.country in countries, (slug, place.country)
        for name in (place.name, *place.aliases):
            assert owner.setdefault(name, slug) == slug, f"{name!r}: {owner[name]} and {slug}"


def test_packaged_places_load_from_an_explicit_path_too(places: dict[str, Place]) -> None:
    path = ROOT / "generator" / "data" / "places.yaml"
    assert load_places(path) == places
    assert places["new-delhi"] == Place("new-delhi", "New Delhi", ("Delhi",), "india")


# --- topics ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "expected", "absent"),
    [
        (ELECTION, ["elections", "politics"], ["sport", "conflict"]),
        (CRICKET, ["cricket", "sport"], ["politics", "economy"]),
        (MARKETS, ["markets", "banking", "economy"], ["sport", "politics"]),
        (AI_STORY, ["artificial-intelligence", "science-and-technology"], ["sport", "conflict"]),
    ],
    ids=["election", "cricket", "markets", "ai"],
)
def test_wire_stories_get_their_topics(
    topic_tagger: TopicTagger, paragraphs: tuple[str, ...], expected: list[str], absent: list[str]
) -> None:
    tags = topic_tagger.tag(paragraphs)
    assert tags[0] in expected
    assert set(expected) <= set(tags)
    assert not set(absent) & set(tags)
    assert len(tags) <= 5


def test_one_stray_keyword_does_not_tag(topic_tagger: TopicTagger) -> None:
    story = (
        "The new flyover in Pune opened to traffic on Monday, cutting travel time to the airport.",
        "Residents said a war of words between two contractors had delayed it by a year.",
    )
    assert "conflict" not in topic_tagger.tag(story)
    # Even a stray word in the lede is not enough on its own.
    assert (
        topic_tagger.tag(["A cricket fan built the bridge's railings.", "It opened today."]) == ()
    )


def test_lede_hit_plus_a_second_hit_tags(topic_tagger: TopicTagger) -> None:
    story = (
        "Monsoon rains lashed Kerala on Monday.",
        "Schools stayed shut as the monsoon deepened.",
    )
    assert "weather" in topic_tagger.tag(story)


def test_keywords_match_whole_words_only(topic_tagger: TopicTagger) -> None:
    story = (
        "Warsaw was warm on Tuesday and the warden of the Warsaw zoo warned of warmer days.",
        "Warmth returned to Warsaw; warships? No: only the wardrobe of a warlord's museum.",
    )
    assert "conflict" not in topic_tagger.tag(story)
    assert topic_tagger.scores(story).get("conflict") is None


def test_keywords_ignore_case_and_match_plurals_and_hyphens(topic_tagger: TopicTagger) -> None:
    story = ("CEASE-FIRE talks resumed.", "Both sides said the Ceasefire Talks would go on.")
    assert "diplomacy" in topic_tagger.tag(story)
    assert "elections" in topic_tagger.tag(["Elections were called.", "More ELECTIONS follow."])


def test_longer_keyword_wins_over_the_word_inside_it(topic_tagger: TopicTagger) -> None:
    story = (
        "Israeli forces raided three villages in the West Bank on Monday.",
        "The West Bank raids followed rocket fire from Gaza, the army said.",
    )
    tags = topic_tagger.tag(story)
    assert tags[:2] == ("israeli-palestinian-conflict", "conflict")
    assert "banking" not in tags


def test_sub_topic_implies_its_parent_right_after_it(topic_tagger: TopicTagger) -> None:
    tags = topic_tagger.tag(CRICKET)
    assert tags.index("sport") == tags.index("cricket") + 1


def test_cap_keeps_sub_topics_with_their_parents(topics: dict[str, Topic]) -> None:
    tags = TopicTagger(topics, max_topics=3).tag(MARKETS + CRICKET + ELECTION)
    assert len(tags) <= 3
    assert all(topics[slug].parent in ("", *tags) for slug in tags)


def test_topic_tagging_is_deterministic(topics: dict[str, Topic]) -> None:
    story = MARKETS + AI_STORY
    first = TopicTagger(topics).tag(story)
    shuffled = dict(sorted(topics.items(), reverse=True))
    assert TopicTagger(shuffled).tag(story) == first
    assert TopicTagger(topics).tag(story) == first


def test_empty_story_and_vocabulary(topics: dict[str, Topic]) -> None:
    assert TopicTagger(topics).tag([]) == ()
    assert TopicTagger({}).tag(CRICKET) == ()


# --- places ---------------------------------------------------------------------------------------


def test_dateline_first_then_order_of_first_mention(place_tagger: PlaceTagger) -> None:
    tags = place_tagger.tag("Mumbai", MARKETS + CRICKET)
    assert tags == ("mumbai", "india", "australia", "ahmedabad")


def test_unknown_dateline_is_slugified(place_tagger: PlaceTagger) -> None:
    assert place_tagger.tag("Kozhencherry", ["Kerala rains hit Kochi."])[0] == "kozhencherry"
    assert place_tagger.tag("", ["Kerala rains hit Kochi."]) == ("kochi",)
    assert place_tagger.tag("BOMBAY", []) == ("mumbai",)


def test_longest_name_wins(place_tagger: PlaceTagger) -> None:
    text = [
        "Envoys from New Delhi, South Sudan, Papua New Guinea and Guinea-Bissau met in Mexico City."
    ]
    assert place_tagger.tag("", text) == (
        "new-delhi",
        "south-sudan",
        "papua-new-guinea",
        "guinea-bissau",
        "mexico-city",
    )


def test_aliases_map_to_the_canonical_slug(place_tagger: PlaceTagger) -> None:
    text = ["Delhi, Bombay, the U.S., the UK, Britain, Burma, Kiev and Sao Paulo (no accent)."]
    assert place_tagger.tag("New Delhi", text) == (
        "new-delhi",
        "mumbai",
        "united-states",
        "united-kingdom",
        "myanmar",
        "kyiv",
        "sao-paulo",
    )


def test_possessives_count_but_longer_words_do_not(place_tagger: PlaceTagger) -> None:
    text = ["India's exports and China\u2019s imports rose; Indiana and USAID did not, nor Omani."]
    assert place_tagger.tag("", text) == ("india", "china")


def test_demonyms_are_not_places(place_tagger: PlaceTagger) -> None:
    text = ["The Russian, Ukrainian, Indian, American and Saudi delegations met."]
    assert place_tagger.tag("", text) == ()


def test_matching_is_case_sensitive(place_tagger: PlaceTagger) -> None:
    assert place_tagger.tag("", ["We ate turkey and china plates; a jordan almond."]) == ()
    assert place_tagger.tag("", ["Turkey and Jordan signed a pact."]) == ("turkey", "jordan")


def test_phrases_that_only_contain_a_place_are_ignored(place_tagger: PlaceTagger) -> None:
    text = ["Fires in New Mexico and New South Wales; trade with Latin America. America votes."]
    assert place_tagger.tag("", text) == ("united-states",)


def test_names_holds_every_name_and_alias_in_lowercase(place_tagger: PlaceTagger) -> None:
    names = place_tagger.names()
    assert {"new delhi", "delhi", "u.s.", "britain", "são paulo", "sao paulo"} <= names
    assert "russian" not in names and all(name == name.lower() for name in names)


def test_a_site_vocabulary_can_take_a_name_over(places: dict[str, Place]) -> None:
    site = {**places, "georgia-us": Place("georgia-us", "Georgia (US)", ("Georgia",), "")}
    assert PlaceTagger(site).tag("", ["Georgia"]) == ("georgia",)  # a name beats an alias
    site["atlanta"] = Place("atlanta", "Atlanta", ("ATL",), "georgia-us")
    assert PlaceTagger(site).tag("", ["ATL"]) == ("atlanta",)


def test_place_tagging_is_deterministic(places: dict[str, Place]) -> None:
    first = PlaceTagger(places).tag("Mumbai", MARKETS + CRICKET + ELECTION)
    assert PlaceTagger(places).tag("Mumbai", MARKETS + CRICKET + ELECTION) == first


def test_a_huge_text_is_tagged(place_tagger: PlaceTagger, topic_tagger: TopicTagger) -> None:
    huge = " ".join(MARKETS + CRICKET) * 2000  # about 2 MB in one paragraph
    assert place_tagger.tag("", [huge]) == ("mumbai", "india", "australia", "ahmedabad")
    assert "markets" in topic_tagger.tag([huge])


# --- the sample story -------------------------------------------------------------------------------


def test_sample_story_topics(
    topic_tagger: TopicTagger, sample: tuple[str, tuple[str, ...]]
) -> None:
    _, paragraphs = sample
    tags = topic_tagger.tag(paragraphs)
    assert {"diplomacy", "russia-ukraine-war", "conflict", "politics"} == set(tags)


def test_sample_story_places(
    place_tagger: PlaceTagger, sample: tuple[str, tuple[str, ...]]
) -> None:
    dateline, paragraphs = sample
    # "US President" names the country (it is no demonym), so the US is one of the places;
    # "Russian President" does not, but "Russia agrees" further down does.
    assert place_tagger.tag(dateline, paragraphs) == (
        "moscow",
        "united-states",
        "ukraine",
        "saudi-arabia",
        "russia",
    )
