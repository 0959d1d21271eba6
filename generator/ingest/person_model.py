"""The statistical second opinion on person candidates: a logistic model read from a JSON file.

Six rounds of hand-written rules fixed the errors they were shown and not the ones of text
nobody had read. The model, trained on the tuning set by `tests/train_people_model.py`, weighs
many small cues at once (`person_features.py`); the people finder asks it only about the
candidates its rules are least sure of, and drops one the model finds unlikely to be a person.
The policy (which candidates, which thresholds) is part of the file, chosen by cross-validation
when the model is trained, so that the finder holds no tuned number of its own.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.ingest.lexicon import DATA_DIR

MODEL_FILE = "people_model.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class PersonModel:
    """Weights of a logistic model over candidate features, and when to ask it."""

    weights: Mapping[str, float]
    """Feature -> weight; features the model never saw weigh nothing."""
    weak_max: int
    """Candidates the rules accept with at most this much evidence are weak: the model may drop
    them (99: every candidate)."""
    veto_below: float
    """A weak candidate is dropped when the model's probability of a person is below this."""
    rescue_min: int = 1
    """Candidates the rules reject with at least this much evidence may be rescued..."""
    rescue_above: float = 2.0
    """...when the model's probability is at least this (above 1: never)."""
    one_word_below: float = 0.0
    """A one-word name the rules make a new person ("Siddaramaiah") is dropped when the model's
    probability is below this (0: never asked)."""

    def probability(self, features: Iterable[str]) -> float:
        """The model's probability that the candidate with these features is a person."""
        weights = self.weights
        total = sum(weights.get(feature, 0.0) for feature in features)
        if total < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-total))

    def weak(self, score: int) -> bool:
        """A candidate the rules accept with this much evidence is one the model is asked about."""
        return score <= self.weak_max

    def rescuable(self, score: int) -> bool:
        """A candidate the rules reject but that the model may keep."""
        return self.rescue_above <= 1.0 and score >= self.rescue_min

    def to_json(self) -> str:
        """The model as its file holds it: sorted keys, weights rounded, one line per weight."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "weak_max": self.weak_max,
            "veto_below": round(self.veto_below, 4),
            "rescue_min": self.rescue_min,
            "rescue_above": round(self.rescue_above, 4),
            "one_word_below": round(self.one_word_below, 4),
            "weights": {key: round(value, 3) for key, value in sorted(self.weights.items())},
        }
        return json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PersonModel:
        """A model from its file's text."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"people model format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            weights=MappingProxyType({str(k): float(v) for k, v in data["weights"].items()}),
            weak_max=int(data["weak_max"]),
            veto_below=float(data["veto_below"]),
            rescue_min=int(data["rescue_min"]),
            rescue_above=float(data["rescue_above"]),
            one_word_below=float(data.get("one_word_below", 0.0)),
        )


def model_path() -> Path:
    """Where the packaged model lives."""
    return DATA_DIR / MODEL_FILE


@functools.cache
def packaged_model() -> PersonModel | None:
    """The model shipped in `generator/data/`, read once per process; None when absent (the
    rules then decide alone)."""
    path = model_path()
    if not path.exists():
        return None
    return PersonModel.from_json(path.read_text(encoding="utf-8"))
