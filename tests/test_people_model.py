"""The people finder's second opinion: a reproducible model file, small, and asked by the finder."""

from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from generator.ingest.people import PeopleFinder
from generator.ingest.person_model import PersonModel, model_path, packaged_model
from tests.tagging_quality import load_tuning
from tests.train_people_model import FOLDS, cross_validate, examples, train


@pytest.fixture(scope="module")
def model() -> PersonModel:
    """The packaged model (the finder's default)."""
    found = packaged_model()
    assert found is not None, "generator/data/people_model.json is missing"
    return found


def test_the_model_file_is_small_sorted_and_rounded() -> None:
    """Well under a megabyte, keys sorted, weights to three decimals: diffs stay readable."""
    text = model_path().read_text(encoding="utf-8")
    assert len(text.encode()) < 300_000
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert list(data["weights"]) == sorted(data["weights"])
    assert all(round(w, 3) == w for w in data["weights"].values())
    assert PersonModel.from_json(text).to_json() == text


def test_the_model_file_is_packaged() -> None:
    """The wheel carries the model: without it an installed Morgue would run the rules alone."""
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    setuptools = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = setuptools["package-data"]["generator"]
    assert any(fnmatch(f"data/{model_path().name}", pattern) for pattern in patterns)


def test_the_committed_weights_are_what_the_trainer_learns(model: PersonModel) -> None:
    """Training on the tuning sets gives the committed weights, to the last digit: the file is
    reproducible (the policy, chosen by the slower cross-validation, is checked below)."""
    weights = train(examples(load_tuning()))
    assert weights == dict(model.weights)


@pytest.mark.slow
def test_the_committed_model_is_what_the_trainer_writes(model: PersonModel) -> None:
    """The whole trainer, cross-validation included, writes the committed file byte for byte."""
    stories = load_tuning()
    chosen = cross_validate(stories, FOLDS).chosen
    written = chosen.model(train(examples(stories))).to_json()
    assert written == model_path().read_text(encoding="utf-8")


def test_the_finder_asks_the_packaged_model_by_default() -> None:
    """A work's title that reads like a name passes the rules ("This Man Is Gone": the article
    stripped, two words, one cue) and the model drops it; the people beside it stay."""
    text = "He wrote the novel 'This Man Is Gone', published last year, said editor Meera Nair."
    assert PeopleFinder({}, model=None).find([text]).slugs == ("man-is-gone", "meera-nair")
    assert PeopleFinder({}).find([text]).slugs == ("meera-nair",)


def test_the_policy_decides_which_candidates_the_model_may_drop() -> None:
    """A model that doubts everyone drops only the candidates its policy calls weak."""
    doubter = {"bias": -10.0}
    text = "Prime Minister Narendra Modi met Ravi Kumar, officials said."
    strict = PersonModel(doubter, weak_max=99, veto_below=0.5)
    lenient = PersonModel(doubter, weak_max=1, veto_below=0.5)
    assert PeopleFinder({}, model=strict).find([text]).slugs == ()
    assert PeopleFinder({}, model=lenient).find([text]).slugs == ("narendra-modi", "ravi-kumar")


def test_the_model_can_rescue_what_the_rules_reject() -> None:
    """With a rescue threshold, a candidate short of evidence is kept when the model is sure."""
    text = "The talks were held at Zorbath Quillan on Monday."  # "at": a place, say the rules
    assert PeopleFinder({}, model=None).find([text]).slugs == ()
    believer = PersonModel(
        {"bias": 10.0}, weak_max=0, veto_below=0.0, rescue_min=0, rescue_above=0.9
    )
    assert PeopleFinder({}, model=believer).find([text]).slugs == ("zorbath-quillan",)
    sceptic = PersonModel(
        {"bias": -10.0}, weak_max=0, veto_below=0.0, rescue_min=0, rescue_above=0.9
    )
    assert PeopleFinder({}, model=sceptic).find([text]).slugs == ()
