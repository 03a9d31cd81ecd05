"""``posecoach eval``: counted reps against hand-counted labels, in the format of ``labels.json``."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from posecoach.exercises import RepExercise, all_exercises
from posecoach.report import NoPersonFound, analyze_video
from posecoach.sources import SourceError


@dataclass(frozen=True)
class ClipResult:
    file: str
    exercise: str
    view: str
    expected: int | None  # None: an unsupported exercise, skipped
    counted: int | None
    attempts: int = 0
    accepted: tuple[int, int] | None = None  # the labels' plausible range when the count is uncertain
    note: str = ""

    @property
    def negative(self) -> bool:
        return self.expected == 0

    @property
    def error(self) -> int | None:
        if self.expected is None or self.counted is None:
            return None
        if self.accepted and self.accepted[0] <= self.counted <= self.accepted[1]:
            return 0
        return abs(self.counted - self.expected)


def _exercise_name(label: str) -> str:
    return label.split("(")[0].strip().lower().replace("-", "_").replace(" ", "_")


def evaluate(labels_path: Path, variant: str = "full", only: list[str] | None = None, progress: bool = True) -> list[ClipResult]:
    labels = json.loads(labels_path.read_text())
    clips = labels["clips"] if isinstance(labels, dict) else labels
    rep_exercises = [name for name, ex in all_exercises().items() if isinstance(ex, RepExercise)]
    results: list[ClipResult] = []
    for clip in clips:
        if only and clip["file"] not in only:
            continue
        path = labels_path.parent / clip["file"]
        name = _exercise_name(clip["exercise"])
        if clip.get("category") == "negative":
            targets = rep_exercises  # a clip with no exercise must count 0 for every supported one
        elif name in rep_exercises:
            targets = [name]
        else:
            results.append(ClipResult(clip["file"], name, clip.get("view", ""), None, None, note="exercise not supported: skipped"))
            continue
        expected = 0 if clip.get("category") == "negative" else int(clip["reps"])
        accepted = tuple(clip["reps_range"]) if clip.get("reps_uncertain") and clip.get("reps_range") else None
        for exercise, (counted, attempts, note) in zip(targets, _count_each(path, targets, variant, progress)):
            results.append(ClipResult(clip["file"], exercise, clip.get("view", ""), expected, counted, attempts, accepted, note))
    return results


def _count_each(
    path: Path, exercises: list[str], variant: str, progress: bool
) -> Iterator[tuple[int | None, int, str]]:
    """(counted, attempts, note) per exercise. The pose model runs once: the first analysis saves the landmarks
    and the others are scored from them (the same reports, without running the model again per exercise)."""
    with tempfile.TemporaryDirectory(prefix="posecoach-eval-") as folder:
        landmarks = Path(folder) / "poses.jsonl.gz"
        for index, exercise in enumerate(exercises):
            if progress:
                print(f"  analysing {path.name} as {exercise} ...", file=sys.stderr, flush=True)
            try:
                source, save = (path, landmarks) if index == 0 else (landmarks, None)
                report = analyze_video(source, exercise, variant, landmarks_out=save)
            except NoPersonFound:
                yield from ((0, 0, "no person found") for _ in exercises[index:])
                return
            except SourceError as error:
                yield from ((None, 0, str(error)) for _ in exercises[index:])
                return
            yield report.reps, report.attempts, ""


def format_table(results: list[ClipResult]) -> str:
    lines = [f"{'clip':28} {'exercise':14} {'view':26} {'true':>5} {'counted':>8} {'attempts':>9}  note"]
    for r in results:
        true = "-" if r.expected is None else (f"{r.accepted[0]}-{r.accepted[1]}" if r.accepted else str(r.expected))
        counted = "-" if r.counted is None else str(r.counted)
        lines.append(f"{r.file:28} {r.exercise:14} {r.view[:26]:26} {true:>5} {counted:>8} {r.attempts:>9}  {r.note}")
    scored = [r for r in results if r.error is not None and not r.negative]
    negatives = [r for r in results if r.error is not None and r.negative]
    if scored:
        exact = sum(r.error == 0 for r in scored) / len(scored)
        within_one = sum(r.error <= 1 for r in scored) / len(scored)
        mae = sum(r.error / r.expected for r in scored) / len(scored)
        lines.append("")
        lines.append(f"target clips: {len(scored)}  exact: {exact:.0%}  off by at most one: {within_one:.0%}  MAE (|true-counted|/true): {mae:.3f}")
    if negatives:
        false_reps = sum(r.counted or 0 for r in negatives)
        lines.append(f"negative runs: {len(negatives)}  false reps counted: {false_reps}")
    return "\n".join(lines)
