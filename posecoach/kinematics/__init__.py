"""Kinematics: joint angles, smoothing, camera view, body orientation, near side and framing, from pose landmarks."""

from posecoach.kinematics.body import BodyMeasures, BodyTracker, Framing, SideMeasures, View
from posecoach.kinematics.orientation import BodyOrientation, Orientation
from posecoach.kinematics.sides import Side

__all__ = ["BodyMeasures", "BodyOrientation", "BodyTracker", "Framing", "Orientation", "Side", "SideMeasures", "View"]
