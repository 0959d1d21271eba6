"""Train the people finder's second opinion on the tuning sets, and measure it by cross-validation.

Run `.venv/bin/python -m tests.train_people_model` to rewrite `generator/data/people_model.json`
from the tuning sets pooled (`tests/cases/people/` and the former held-out sets `heldout/` to
`heldout5/`: `TUNING` in `tests/tagging_quality.py`; deterministic: the same stories give the
same file), or with `--cv 5`
to print, fold by fold over stories and pooled, precision and recall of the rules alone and of
the rules with the model, for every policy tried; `--nested` prints nested cross-validation
(the policy chosen inside each fold) and writes nothing. The policy written into the model file
(which candidates are asked, the thresholds) is the one cross-validation prefers; nothing else
chooses it.

Only the tuning sets are read: the held-out set (`heldout6/`) stays unseen by the
model as by the rules. Folds are taken over the pooled stories (story i in fold i mod N), so every
fold holds stories of every tuning set.

A candidate is labelled a person when its words are consecutive words of one of the story's
labelled people ("Lula da Silva" of "Luiz Inácio Lula da Silva"). The model is logistic
regression trained by stochastic gradient descent in pure Python (a few thousand candidates:
no numerical library is needed), in a fixed order, so that the file is reproducible.
"""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a plain script: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.ingest.entities import story_paragraphs
from generator.ingest.lexicon import HONORIFICS
from generator.ingest.organisations import OrganisationFinder
from generator.ingest.people import PeopleFinder
from generator.ingest.person_model import PersonModel, model_path
from generator.urls import slugify
from tests.tagging_quality import Story, StoryScore, load_tuning, people_scores

EPOCHS = 10
LEARNING_RATE = 0.2
L2 = 1e-4
MIN_COUNT = 2
"""A feature seen in fewer training candidates is left out (keeps the file small, and a name
seen once teaches nothing about the next story)."""
SEED = 11
FOLDS = 5
# Policies tried by cross-validation: (weak_max, veto_below, rescue_min, rescue_above).
WEAK_MAX = (2, 99)
VETO_BELOW = (0.2, 0.3, 0.4, 0.5)
RESCUE = ((1, 2.0), (1, 0.9))
ONE_WORD_BELOW = (0.2, 0.3, 0.4, 0.5)
"""Thresholds tried for one-word names, with the policy chosen for the others (0: not asked)."""
TOLERANCE = 0.003
"""The recall the chosen policy may lose against the rules alone, pooled over the folds."""


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate of one story: its features and whether it names a labelled person."""

    story: int
    features: tuple[str, ...]
    person: bool


@dataclass(frozen=True, slots=True)
class Policy:
    """Which candidates the model is asked about, and what it takes to drop or keep one."""

    weak_max: int
    veto_below: float
    rescue_min: int
    rescue_above: float
    one_word_below: float = 0.0

    def model(self, weights: Mapping[str, float]) -> PersonModel:
        """A model with these weights applying this policy."""
        return PersonModel(
            weights,
            self.weak_max,
            self.veto_below,
            self.rescue_min,
            self.rescue_above,
            self.one_word_below,
        )


def _label_words(story: Story) -> list[tuple[str, ...]]:
    """Slug words of every name the story's labels give (also without an honorific)."""
    names = []
    for entity in story.people:
        for slug in entity:
            words = tuple(slug.split("-"))
            names.append(words)
            if len(words) > 2 and words[0] in HONORIFICS:
                names.append(words[1:])
    return names


def _names_person(display: str, labelled: Sequence[tuple[str, ...]]) -> bool:
    """The candidate's words are consecutive words of a labelled name."""
    words = tuple(slugify(display).split("-"))
    size = len(words)
    return any(
        name[i : i + size] == words for name in labelled for i in range(len(name) - size + 1)
    )


def examples(stories: Sequence[Story]) -> list[Example]:
    """Every candidate the rules weigh in `stories`, labelled, as ingest reads the stories."""
    organisations = OrganisationFinder({})
    finder = PeopleFinder({}, organisation_names=organisations.names(), model=None)
    found = []
    for index, story in enumerate(stories):
        paragraphs = story_paragraphs(story.paragraphs)
        bodies = organisations.find(paragraphs, story.agency).spans
        labelled = _label_words(story)
        for judged in finder.judge(paragraphs, bodies):
            if judged.one_word:  # a word of a longer name is no person alone ("Tuti")
                person = tuple(slugify(judged.display).split("-")) in labelled
            else:
                person = _names_person(judged.display, labelled)
            found.append(Example(index, tuple(judged.features), person))
    return found


def train(training: Sequence[Example]) -> dict[str, float]:
    """Logistic regression weights by SGD over `training`, in a seeded order; features seen in
    fewer than MIN_COUNT candidates left out, weights rounded as the file holds them."""
    counts = Counter(feature for example in training for feature in set(example.features))
    kept = {feature for feature, count in counts.items() if count >= MIN_COUNT}
    rows = [
        ([f for f in dict.fromkeys(example.features) if f in kept], 1.0 if example.person else 0.0)
        for example in training
    ]
    weights: dict[str, float] = {}
    order = list(range(len(rows)))
    shuffle = random.Random(SEED)
    for epoch in range(EPOCHS):
        shuffle.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch)
        for index in order:
            features, target = rows[index]
            total = sum(weights.get(f, 0.0) for f in features)
            total = max(-30.0, min(30.0, total))
            error = target - 1.0 / (1.0 + math.exp(-total))
            for f in features:
                w = weights.get(f, 0.0)
                weights[f] = w + rate * (error - L2 * w)
    return {f: round(w, 3) for f, w in sorted(weights.items()) if round(w, 3) != 0.0}


def _policies() -> list[Policy]:
    """Every policy cross-validation tries; the rules alone are the veto of 0 and no rescue."""
    return [
        Policy(weak_max, veto, rescue_min, rescue_above)
        for weak_max in WEAK_MAX
        for veto in VETO_BELOW
        for rescue_min, rescue_above in RESCUE
    ]


@dataclass(slots=True)
class Tally:
    """True positives, tags found and people labelled, pooled over folds."""

    true_positives: int = 0
    found: int = 0
    expected: int = 0

    def add(self, scores: Sequence[StoryScore]) -> None:
        """Pool one fold's story scores."""
        for score in scores:
            self.true_positives += score.true_positives
            self.found += score.true_positives + len(score.false_positives)
            self.expected += len(score.expected)

    def merge(self, other: Tally) -> None:
        """Pool another tally."""
        self.true_positives += other.true_positives
        self.found += other.found
        self.expected += other.expected

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.4f} recall {self.recall:.4f} "
            f"({self.true_positives} right of {self.found} found, {self.expected} labelled)"
        )

    @property
    def precision(self) -> float:
        """Pooled precision."""
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Pooled recall."""
        return self.true_positives / self.expected if self.expected else 1.0


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Pooled figures of the rules alone and of every policy, and the policy chosen."""

    rules: Tally
    policies: dict[Policy, Tally]
    chosen: Policy


def cross_validate(stories: Sequence[Story], folds: int, log: bool = False) -> CrossValidation:
    """Pooled precision and recall of the rules alone and of every policy over `folds` story
    folds (story i in fold i mod `folds`), the model of each fold trained on the others.

    The policy chosen is the most precise whose recall is within TOLERANCE of the rules alone.
    """
    every = examples(stories)
    names = OrganisationFinder({}).names()
    tallies: dict[Policy, Tally] = {policy: Tally() for policy in _policies()}
    rules = Tally()
    fold_weights = []
    for fold in range(folds):
        test = list(stories[fold::folds])
        weights = train([e for e in every if e.story % folds != fold])
        fold_weights.append(weights)
        alone = Tally()
        alone.add(people_scores(test, PeopleFinder({}, organisation_names=names, model=None)))
        rules.merge(alone)
        for policy, tally in tallies.items():
            finder = PeopleFinder({}, organisation_names=names, model=policy.model(weights))
            tally.add(people_scores(test, finder))
        if log:
            print(f"fold {fold + 1}: {len(test)} stories, rules alone {alone}")
    floor = rules.recall - TOLERANCE
    chosen = _best(tallies, floor)
    # One-word names ("Siddaramaiah") are few: their threshold is chosen with the policy of the
    # others fixed, rather than crossed with every one of them.
    for below in ONE_WORD_BELOW:
        policy = Policy(
            chosen.weak_max, chosen.veto_below, chosen.rescue_min, chosen.rescue_above, below
        )
        tally = tallies[policy] = Tally()
        for fold in range(folds):
            test = list(stories[fold::folds])
            finder = PeopleFinder(
                {}, organisation_names=names, model=policy.model(fold_weights[fold])
            )
            tally.add(people_scores(test, finder))
    return CrossValidation(rules, tallies, _best(tallies, floor))


def _best(tallies: Mapping[Policy, Tally], floor: float) -> Policy:
    """The most precise policy whose pooled recall is at least `floor`."""
    eligible = [p for p, t in tallies.items() if t.recall >= floor]
    # Ties go to the policy that asks the model about more candidates and drops more: the rules
    # were tuned on these very stories, so they look surer here than on text nobody has read.
    return max(
        eligible,
        key=lambda p: (
            tallies[p].precision,
            tallies[p].recall,
            p.weak_max,
            p.veto_below,
            p.one_word_below,
        ),
    )


def nested_cross_validate(stories: Sequence[Story], folds: int) -> tuple[Tally, Tally]:
    """Pooled figures of the rules alone and of the whole procedure (the policy chosen by an inner
    cross-validation on the other folds, the model trained on them) over `folds` story folds:
    the estimate that does not credit the choice of policy with the test folds' luck."""
    names = OrganisationFinder({}).names()
    rules, model = Tally(), Tally()
    for fold in range(folds):
        training = [s for i, s in enumerate(stories) if i % folds != fold]
        test = list(stories[fold::folds])
        chosen = cross_validate(training, folds - 1).chosen
        weights = train(examples(training))
        rules.add(people_scores(test, PeopleFinder({}, organisation_names=names, model=None)))
        finder = PeopleFinder({}, organisation_names=names, model=chosen.model(weights))
        model.add(people_scores(test, finder))
        print(f"outer fold {fold + 1}: {describe(chosen)}")
    return rules, model


def describe(policy: Policy) -> str:
    """A policy in a few words."""
    rescue = (
        f", rescue at >= {policy.rescue_above:.2f} from evidence {policy.rescue_min}"
        if policy.rescue_above <= 1.0
        else ""
    )
    weak = "every candidate" if policy.weak_max >= 99 else f"evidence <= {policy.weak_max}"
    one_word = (
        f", one-word names under {policy.one_word_below:.2f}" if policy.one_word_below else ""
    )
    return f"veto < {policy.veto_below:.2f} on {weak}{rescue}{one_word}"


def main(argv: list[str]) -> int:
    """Choose the policy by cross-validation (5 folds, or `--cv N`, which also prints every
    policy's figures), then write the model trained on all the tuning sets."""
    stories = load_tuning()
    if "--nested" in argv:
        rules, model = nested_cross_validate(stories, FOLDS)
        print(f"nested {FOLDS}-fold cross-validation over {len(stories)} tuning stories, pooled:")
        print(f"  rules alone: {rules}\n  rules + model: {model}")
        return 0
    folds = int(argv[argv.index("--cv") + 1]) if "--cv" in argv else FOLDS
    result = cross_validate(stories, folds, log="--cv" in argv)
    if "--cv" in argv:
        print(f"{folds}-fold cross-validation over {len(stories)} tuning stories, pooled:")
        print(f"  rules alone: {result.rules}")
        ranked = sorted(result.policies.items(), key=lambda kv: (-kv[1].precision, -kv[1].recall))
        for policy, tally in ranked:
            mark = "*" if policy == result.chosen else " "
            print(f"{mark} rules + model, {describe(policy)}: {tally}")
    trained = result.chosen.model(train(examples(stories)))
    model_path().write_text(trained.to_json(), encoding="utf-8")
    print(f"wrote {model_path().name}: {len(trained.weights)} weights, {describe(result.chosen)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
