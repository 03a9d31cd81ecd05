"""Runs the stages for one stream: pose -> kinematics -> exercise checker, one frame at a time."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.checker import Checker, make_checker
from posecoach.events import CheckerStatus, Event
from posecoach.exercises import Exercise
from posecoach.kinematics import BodyMeasures, BodyTracker
from posecoach.landmarks import Pose
from posecoach.pose import PoseEstimator
from posecoach.sources import Frame

#: Mean luma (0-255) below which the picture is too dark for reliable landmarks.
TOO_DARK_LUMA = 35.0


def mean_luma(image: np.ndarray) -> float:
    small = image[::8, ::8]
    return float(cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_BGR2GRAY).mean())


@dataclass(frozen=True)
class FrameResult:
    frame_index: int
    timestamp_s: float
    pose: Pose | None  # the coached person's smoothed pose, if any
    measures: BodyMeasures
    events: tuple[Event, ...]
    status: CheckerStatus
    people: int


class CoachSession:
    """One exercise on one stream (a video file or a live camera): owns the per-stream state.

    The estimator is passed in so that it is created once and reused; it must run in VIDEO mode.
    """

    def __init__(self, exercise: Exercise, estimator: PoseEstimator, smooth: bool = True) -> None:
        self.exercise = exercise
        self.estimator = estimator
        self.tracker = BodyTracker(smooth=smooth)
        self.checker: Checker = make_checker(exercise)

    def process(self, frame: Frame) -> FrameResult:
        result = self.estimator.estimate(frame)
        return self.process_pose(frame, result.primary, result.people, mean_luma(frame.image))

    def process_pose(self, frame: Frame, pose: Pose | None, people: int = 1, luma: float = 255.0) -> FrameResult:
        """The stages after pose estimation; tests feed generated poses here."""
        measures = self.tracker.update(pose, frame.timestamp_s)
        events = self.checker.update(measures, people=people, too_dark=luma < TOO_DARK_LUMA)
        return FrameResult(
            frame_index=frame.index,
            timestamp_s=frame.timestamp_s,
            pose=measures.pose if measures.framing.person_in_view else None,
            measures=measures,
            events=tuple(events),
            status=self.checker.status,
            people=people,
        )

    def finish(self) -> list[Event]:
        return self.checker.finish()
