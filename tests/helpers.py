"""Feed generated poses through the stages after the pose model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from posecoach.events import Event, EventKind
from posecoach.exercises import get_exercise
from posecoach.landmarks import Pose
from posecoach.pipeline import CoachSession, FrameResult
from synthetic import FPS, frames_for


@dataclass
class Run:
    session: CoachSession
    results: list[FrameResult] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return [event for result in self.results for event in result.events]

    def events_of(self, kind: EventKind) -> list[Event]:
        return [event for event in self.events if event.kind is kind]

    @property
    def records(self):
        return self.session.checker.records

    def issue_codes_by_rep(self) -> dict[int, set[str]]:
        return {rep.index: {issue.code for issue in rep.issues} for rep in self.records}


def run_poses(exercise: str, pose_at: Callable[[float], Pose | None], duration_s: float, fps: float = FPS, smooth: bool = True) -> Run:
    """Run ``pose_at(t)`` for every frame time through kinematics (landmark smoothing unless ``smooth`` is off: to
    place a reading on an exact frame) and the exercise checker."""
    run = Run(CoachSession(get_exercise(exercise), smooth=smooth))
    for frame in frames_for(duration_s, fps):
        run.results.append(run.session.process_pose(frame, pose_at(frame.timestamp_s)))
    run.session.finish()
    return run
