"""Kinematics: joint angles, smoothing, camera view, near side and framing, from pose landmarks."""

from posecoach.kinematics.body import BodyMeasures, BodyTracker, Framing, Side, SideMeasures, View

__all__ = ["BodyMeasures", "BodyTracker", "Framing", "Side", "SideMeasures", "View"]
