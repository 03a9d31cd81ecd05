"""``posecoach eval``: counted reps against hand-counted labels, in the format of ``labels.json``."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from posecoach.exercises import RepExercise, all_exercises
from posecoach.landmark_store import SUFFIX as LANDMARKS_SUFFIX
from posecoach.perturb import PERTURBATIONS, kept_copies
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


def _labelled_clips(labels_path: Path, only: list[str] | None) -> list[dict]:
    labels = json.loads(labels_path.read_text())
    clips = labels["clips"] if isinstance(labels, dict) else labels
    return [clip for clip in clips if not only or clip["file"] in only]


def evaluate(
    labels_path: Path, variant: str = "full", only: list[str] | None = None, progress: bool = True, landmarks_dir: Path | None = None
) -> list[ClipResult]:
    """Counts every labelled clip with its exercise (a negative clip with every rep exercise). With ``landmarks_dir``
    each clip's landmarks are kept there and, when already there, scored without running the model."""
    rep_exercises = [name for name, ex in all_exercises().items() if isinstance(ex, RepExercise)]
    results: list[ClipResult] = []
    for clip in _labelled_clips(labels_path, only):
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
        kept = _landmarks_path(landmarks_dir, path, variant) if landmarks_dir else None
        counts = _count_each(path, targets, variant, progress, kept)
        for exercise, (counted, attempts, note) in zip(targets, counts):
            results.append(ClipResult(clip["file"], exercise, clip.get("view", ""), expected, counted, attempts, accepted, note))
    return results


def _landmarks_path(folder: Path, video: Path, variant: str, perturbation: str = "") -> Path:
    """Where a clip's landmarks (or a perturbed copy of them) are kept in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{video.stem}.{variant}{'.' + perturbation if perturbation else ''}{LANDMARKS_SUFFIX}"


def _count_each(
    path: Path, exercises: list[str], variant: str, progress: bool, kept: Path | None = None
) -> Iterator[tuple[int | None, int, str]]:
    """(counted, attempts, note) per exercise. The pose model runs once: the first analysis saves the landmarks
    (to ``kept`` if given, where a later run finds them) and the others are scored from them (the same reports,
    without running the model again per exercise)."""
    with tempfile.TemporaryDirectory(prefix="posecoach-eval-") as folder:
        landmarks = kept or Path(folder) / f"poses{LANDMARKS_SUFFIX}"
        for index, exercise in enumerate(exercises):
            if progress:
                print(f"  analysing {path.name} as {exercise} ...", file=sys.stderr, flush=True)
            try:
                source, save = (path, landmarks) if index == 0 and not landmarks.exists() else (landmarks, None)
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


@dataclass(frozen=True)
class PerturbedResult:
    file: str
    exercise: str
    label: str
    counted: int  # as filmed
    perturbed: dict[str, int]  # perturbation name -> count

    def moved(self) -> dict[str, int]:
        return {name: count for name, count in self.perturbed.items() if count != self.counted}


def evaluate_perturbed(
    labels_path: Path, landmarks_dir: Path, variant: str = "full", only: list[str] | None = None, progress: bool = True
) -> list[PerturbedResult]:
    """Each labelled target clip counted as filmed and under every perturbation of ``posecoach.perturb`` (the model
    runs once per clip; its landmarks are kept in ``landmarks_dir``). A count that moves depends on how the clip
    was filmed (the camera's side, roll or distance, the frame rate, the tempo), not on the exercise."""
    supported = {name for name, exercise in all_exercises().items() if isinstance(exercise, RepExercise)}
    results: list[PerturbedResult] = []
    for clip in _labelled_clips(labels_path, only):
        exercise = _exercise_name(clip["exercise"])
        if clip.get("category") == "negative" or exercise not in supported:
            continue
        video = labels_path.parent / clip["file"]
        landmarks = _landmarks_path(landmarks_dir, video, variant)
        counted = next(_count_each(video, [exercise], variant, progress, landmarks))[0]
        if counted is None:
            continue
        perturbed = {
            name: next(_count_each(copy, [exercise], variant, False, kept=copy))[0] or 0
            for name, copy in kept_copies(landmarks, lambda name: _landmarks_path(landmarks_dir, video, variant, name))
        }
        label = f"{clip['reps_range'][0]}-{clip['reps_range'][1]}" if clip.get("reps_uncertain") and clip.get("reps_range") else str(clip["reps"])
        results.append(PerturbedResult(clip["file"], exercise, label, counted, perturbed))
    return results


def format_perturbed_table(results: list[PerturbedResult]) -> str:
    names = list(PERTURBATIONS)
    lines = [f"{'clip':30} {'exercise':14} {'label':>6} {'filmed':>6} " + " ".join(f"{name:>8}" for name in names)]
    for r in results:
        lines.append(f"{r.file:30} {r.exercise:14} {r.label:>6} {r.counted:>6} " + " ".join(f"{r.perturbed[n]:>8}" for n in names))
    lines.append("")
    lines += [f"  {name}: {PERTURBATIONS[name][0]}" for name in names]
    moved = sum(len(r.moved()) for r in results)
    lines.append(f"counts that moved under a perturbation: {moved} of {len(results) * len(names)}")
    return "\n".join(lines)
