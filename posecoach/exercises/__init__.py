"""The exercise registry: every module in this package that defines ``EXERCISE`` is registered.

Adding an exercise means adding one module here; no engine code changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from posecoach.exercises.base import Exercise, HoldExercise, RepExercise

__all__ = ["Exercise", "HoldExercise", "RepExercise", "UnknownExercise", "all_exercises", "get_exercise"]


class UnknownExercise(KeyError):
    def __str__(self) -> str:
        return f"Unknown exercise {self.args[0]!r}. Known: {', '.join(sorted(all_exercises()))}."


@cache
def all_exercises() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        exercise = getattr(module, "EXERCISE", None)
        if isinstance(exercise, (RepExercise, HoldExercise)):
            if exercise.name in found:
                raise ValueError(f"Two exercises are named {exercise.name!r}")
            found[exercise.name] = exercise
    return dict(sorted(found.items()))


def get_exercise(name: str) -> Exercise:
    normalized = name.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return all_exercises()[normalized]
    except KeyError:
        raise UnknownExercise(name) from None
