"""The result of reading one answer: a normalised value, or the reason it was refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    value: T | None = None
    # Why the answer could not be used ("unclear", "negative", "past", ...); None when value is set.
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None

    @classmethod
    def of(cls, value: T) -> Parsed[T]:
        return cls(value=value)

    @classmethod
    def refused(cls, problem: str) -> Parsed[T]:
        return cls(problem=problem)
