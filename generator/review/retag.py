"""How a review moves the slugs of a story's list (or of the ledger's record of it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Retag:
    """Slugs that leave a list, each for another slug (renamed, merged) or for none (rejected).

    A slug moving to a target the list already holds just leaves (no duplicate); of several
    slugs moving to one absent target, the first takes its place, so the order is kept.
    """

    moves: Mapping[str, str | None] = field(default_factory=dict)
    """Old slug -> its new slug, or None when it leaves every list."""

    def touches(self, slugs: Sequence[str]) -> bool:
        """Whether `slugs` hold a slug this retag moves."""
        return any(slug in self.moves for slug in slugs)

    def outcome(self, slugs: Sequence[str]) -> list[str | None]:
        """For each item of `slugs`, the slug it becomes, or None when it leaves the list."""
        present = set(slugs)
        seen: set[str] = set()
        result: list[str | None] = []
        for slug in slugs:
            target: str | None = slug
            if slug in self.moves:
                target = self.moves[slug]
                if target is not None and target in present and target not in self.moves:
                    target = None  # the list names the target already, where it stands
            if target is not None and target in seen:
                target = None
            if target is not None:
                seen.add(target)
            result.append(target)
        return result

    def apply(self, slugs: Sequence[str]) -> tuple[str, ...]:
        """`slugs` after the retag."""
        return tuple(slug for slug in self.outcome(slugs) if slug is not None)
