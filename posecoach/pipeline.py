"""The stages after the pose model for one stream: kinematics -> exercise checker, one frame at a time."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.checker import Checker, make_checker
from posecoach.events import CheckerStatus, Event
from posecoach.exercises import Exercise
from posecoach.kinematics import BodyMeasures, BodyTracker
from posecoach.landmarks import Pose
from posecoach.pose import PoseEstimator, PoseResult
from posecoach.sources import Frame

#: Mean luma (0-255) below which the picture is too dark for reliable landmarks.
TOO_DARK_LUMA = 35.0


def mean_luma(image: np.ndarray) -> float:
    small = image[::8, ::8]
    return float(cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_BGR2GRAY).mean())


@dataclass(frozen=True)
class PoseRecord:
    """What the pose stage saw in one frame: all the later stages need, so they can run apart from it
    (in order over the output of several pose processes, or later from a saved landmarks file)."""

    frame_index: int
    timestamp_s: float
    pose: Pose | None  # the person to coach, unsmoothed, as the model returned it
    people: int
    luma: float


def pose_record(frame: Frame, result: PoseResult) -> PoseRecord:
    """What the pose model returned for ``frame``, as the later stages take it."""
    return PoseRecord(frame.index, frame.timestamp_s, result.primary, result.people, mean_luma(frame.image))


def estimate_pose(estimator: PoseEstimator, frame: Frame) -> PoseRecord:
    return pose_record(frame, estimator.estimate(frame))


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
    """One exercise on one stream (a video file or a live camera): the body tracker and the checker.

    It never sees the pose model: the caller owns it (a video's pose stream, the live model switcher)
    and hands in each frame's pose result, in frame order.
    """

    def __init__(self, exercise: Exercise, smooth: bool = True) -> None:
        self.exercise = exercise
        self.tracker = BodyTracker(smooth=smooth)
        self.checker: Checker = make_checker(exercise)

    def process(self, frame: Frame, result: PoseResult) -> FrameResult:
        """One frame and what the pose model found in it."""
        return self.score(pose_record(frame, result))

    def process_pose(self, frame: Frame, pose: Pose | None, people: int = 1, luma: float = 255.0) -> FrameResult:
        """The stages after pose estimation; tests feed generated poses here."""
        return self.score(PoseRecord(frame.index, frame.timestamp_s, pose, people, luma))

    def score(self, record: PoseRecord) -> FrameResult:
        """Kinematics and the exercise checker on one frame's pose; records must come in frame order."""
        measures = self.tracker.update(record.pose, record.timestamp_s)
        events = self.checker.update(measures, people=record.people, too_dark=record.luma < TOO_DARK_LUMA)
        return FrameResult(
            frame_index=record.frame_index,
            timestamp_s=record.timestamp_s,
            pose=measures.pose if measures.framing.person_in_view else None,
            measures=measures,
            events=tuple(events),
            status=self.checker.status,
            people=record.people,
        )

    def finish(self) -> list[Event]:
        return self.checker.finish()
