"""Analysing a recorded video end to end, and the report it produces (JSON, CSV, text)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posecoach import export
from posecoach.bouts import BoutSummary
from posecoach.checker import HoldChecker, RepChecker, reps_by_side
from posecoach.events import HoldRecord, RepRecord
from posecoach.exercises import Exercise, RepExercise, get_exercise
from posecoach.exercises.base import Sides
from posecoach.landmark_store import landmark_sink
from posecoach.parallel import ProgressCallback, open_pose_stream
from posecoach.pipeline import CoachSession, FrameResult
from posecoach.pose import ModelVariant
from posecoach.sources import SourceError
from posecoach.summary import (
    UNTOLD_KEY, CheckerSummary, Counted, bouts_of_exercise, has_sides, hold_key, hold_key_name, side_of,
)

#: The angle plot keeps at most this many samples per second, so an hour-long file stays small.
SERIES_MAX_HZ = 10.0


class NoPersonFound(SourceError):
    """The video was read but nobody was found in it."""


@dataclass
class AngleSeries:
    """The exercise's phase signal over time, decimated for plotting."""

    name: str = ""
    unit: str = ""
    times_s: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    def add(self, time_s: float, name: str, value: float) -> None:
        if self.times_s and time_s - self.times_s[-1] < 1.0 / SERIES_MAX_HZ:
            return
        self.name = self.name or name
        self.times_s.append(round(time_s, 3))
        self.values.append(round(value, 2) if value == value else float("nan"))


@dataclass
class AnalysisReport(Counted):
    video: str
    exercise: str
    model: str
    fps: float
    frames: int
    duration_s: float
    rep_events: list[RepRecord]
    holds: list[HoldRecord]
    frames_without_person: int
    processing_fps: float
    series: AngleSeries = field(default_factory=AngleSeries)

    @property
    def counts(self) -> CheckerSummary:
        """Reps, attempts and seconds held, per side."""
        return CheckerSummary.of([*self.rep_events, *self.holds])

    def issues_summary(self) -> dict[str, int]:
        issues = [issue.code for rep in self.rep_events for issue in rep.issues]
        issues += [issue.code for hold in self.holds for issue in hold.issues]
        return dict(Counter(issues).most_common())

    def reps_by_side(self) -> dict[str, int]:
        """Counted reps per side for an exercise with sides ({} otherwise, and for a two-leg glute bridge)."""
        exercise = get_exercise(self.exercise)
        if not isinstance(exercise, RepExercise) or exercise.sides is Sides.NONE:
            return {}
        if exercise.sides is Sides.EITHER and not any(rep.side for rep in self.rep_events if rep.counted):
            return {}
        return reps_by_side(self.rep_events, unknown="both" if exercise.sides is Sides.EITHER else "unknown")

    def bouts(self) -> BoutSummary | None:
        """For an exercise repeated without stopping (swings, jumps): time per side, reps per minute and breaks."""
        return bouts_of_exercise(get_exercise(self.exercise), self.rep_events)

    @property
    def sided(self) -> bool:
        """Whether the exercise is done on each side (its time without a side was then not seen)."""
        return has_sides(get_exercise(self.exercise))

    def held_by_side(self) -> dict[str, float]:
        """Seconds held per side as the JSON report names them ("hold" for an exercise without sides, "untold" for
        time whose side this view could not show)."""
        sided = self.sided
        return {hold_key(side, sided): round(held, 2) for side, held in self.counts.held_by_side().items()}

    def hold_windows(self) -> dict[str, list[tuple[float, float]]]:
        """When each side was held: (start, end) seconds of every hold, per side (keys as ``held_by_side``)."""
        windows: dict[str, list[tuple[float, float]]] = {}
        sided = self.sided
        for hold in self.holds:
            key = hold_key(side_of(hold.side), sided)
            windows.setdefault(key, []).append((round(hold.start_s, 2), round(hold.end_s, 2)))
        return windows

    def to_dict(self) -> dict[str, Any]:
        return {
            "video": self.video,
            "exercise": self.exercise,
            "model": self.model,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "duration_s": round(self.duration_s, 3),
            "reps": self.reps,
            "attempts": self.attempts,
            "reps_by_side": self.reps_by_side(),
            "holds": [hold.to_dict() for hold in self.holds],
            "held_by_side_s": self.held_by_side(),
            "hold_windows_s": {side: [list(window) for window in windows] for side, windows in self.hold_windows().items()},
            "rep_events": [rep.to_dict() for rep in self.rep_events],
            "issues_summary": self.issues_summary(),
            **({"bouts": bouts.to_dict()} if (bouts := self.bouts()) else {}),
            "frames_without_person": self.frames_without_person,
            "processing_fps": round(self.processing_fps, 1),
        }

    def to_json(self) -> str:
        return json.dumps(_without_nan(self.to_dict()), indent=2, allow_nan=False)

    def reps_csv(self) -> str:
        return export.video_reps_csv(self.rep_events)

    def holds_csv(self) -> str:
        return export.video_holds_csv(self.holds, UNTOLD_KEY if self.sided else "")

    def table_csv(self) -> str:
        """The per-rep table, or the per-hold table for a held exercise."""
        return self.holds_csv() if self.exercise_kind == "hold" else self.reps_csv()

    def summary_text(self) -> str:
        lines = [f"{Path(self.video).name}: {self.exercise}, {self.duration_s:.1f} s, {self.frames} frames ({self.model} model)"]
        if self.exercise_kind == "hold":
            windows = self.hold_windows()
            for side, held in self.held_by_side().items():
                spans = ", ".join(f"{start:.1f}-{end:.1f} s" for start, end in windows[side])
                lines.append(f"  held {held:.1f} s ({hold_key_name(side)}): {spans}")
            if UNTOLD_KEY in windows:
                lines.append(f"  {get_exercise(self.exercise).untold_message()}")
        else:
            by_side = ", ".join(f"{side} {count}" for side, count in self.reps_by_side().items())
            per_side = f" ({by_side})" if by_side else ""
            lines.append(f"  reps counted: {self.reps}{per_side}   attempts (not counted): {self.attempts}")
            if (bouts := self.bouts()) is not None:
                activity = get_exercise(self.exercise).bouts.activity
                times = ", ".join(
                    f"{'' if side == 'all' else side + ' '}{seconds:.1f} s" for side, seconds in bouts.time_by_side().items()
                )
                rate = f"{bouts.per_minute:.0f} per minute" if bouts.per_minute == bouts.per_minute else "rate not known yet"
                lines.append(f"  time {activity}: {times or '0 s'}   {rate}   breaks: {len(bouts.breaks())}")
            for rep in self.rep_events:
                mark = "rep" if rep.counted else "attempt"
                notes = "; ".join(issue.message for issue in rep.issues) or "good form"
                side = f" {rep.side:5}" if rep.side else ""
                lines.append(f"  #{rep.index:<2} {mark:7}{side} {rep.start_s:6.1f}-{rep.end_s:6.1f} s  {notes}")
        if self.frames_without_person:
            lines.append(f"  no person in view on {self.frames_without_person} of {self.frames} frames")
        lines.append(f"  processed at {self.processing_fps:.0f} frames/s")
        return "\n".join(lines)

    @property
    def exercise_kind(self) -> str:
        return get_exercise(self.exercise).kind


def _without_nan(value: Any) -> Any:
    """JSON has no NaN: a hidden joint's angle becomes null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nan(item) for item in value]
    return value


def analyze_video(
    path: str | Path,
    exercise: Exercise | str,
    variant: ModelVariant | str = ModelVariant.FULL,
    on_frame: Callable[[FrameResult, Any], None] | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    landmarks_out: str | Path | None = None,
) -> AnalysisReport:
    """Streams the video through the pipeline. ``on_frame(result, frame)`` feeds sinks such as the annotator.

    ``workers`` > 1 splits the pose stage over that many processes (see ``posecoach.parallel``);
    ``path`` may also be a landmarks file, scored without the model; ``landmarks_out`` saves one.
    """
    exercise = get_exercise(exercise) if isinstance(exercise, str) else exercise
    series = AngleSeries()
    frames = without_person = 0
    last_time_s = 0.0
    started = time.perf_counter()
    session = CoachSession(exercise)  # the pose stream owns the model
    with open_pose_stream(path, variant, workers, progress, with_frames=on_frame is not None) as stream:
        header = stream.header
        with landmark_sink(landmarks_out, header) as save:
            for record, frame in stream:
                save(record)
                result = session.score(record)
                frames += 1
                last_time_s = record.timestamp_s
                without_person += result.pose is None
                series.add(record.timestamp_s, result.status.signal_name, result.status.signal_value)
                if on_frame is not None:
                    on_frame(result, frame)
            if frames and without_person == frames:  # raised here so that no landmarks file is left
                raise NoPersonFound(f"Nobody was found in {Path(path).name}: film the whole body, well lit.")
    session.finish()
    elapsed_s = time.perf_counter() - started
    checker = session.checker
    return AnalysisReport(
        video=str(Path(path)),
        exercise=exercise.name,
        model=header.model,
        fps=header.fps,
        frames=frames,
        duration_s=last_time_s + 1.0 / header.fps,
        rep_events=list(checker.records) if isinstance(checker, RepChecker) else [],
        holds=list(checker.records) if isinstance(checker, HoldChecker) else [],
        frames_without_person=without_person,
        processing_fps=frames / elapsed_s if elapsed_s > 0 else 0.0,
        series=series,
    )
