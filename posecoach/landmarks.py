"""The 33 MediaPipe pose landmarks and the typed pose record the pose stage hands on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Landmark(IntEnum):
    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


NUM_LANDMARKS = len(Landmark)

#: Bones drawn by the overlay: pairs of landmarks.
SKELETON: tuple[tuple[Landmark, Landmark], ...] = (
    (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW),
    (Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW),
    (Landmark.RIGHT_ELBOW, Landmark.RIGHT_WRIST),
    (Landmark.LEFT_HIP, Landmark.LEFT_KNEE),
    (Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL),
    (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_FOOT_INDEX),
    (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE),
    (Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL),
    (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_FOOT_INDEX),
)


@dataclass(frozen=True)
class Pose:
    """One person's landmarks in one frame.

    ``xy`` is in pixels (x right, y down) so that angles are not distorted by the image's aspect
    ratio; ``depth`` is MediaPipe's relative depth in the same pixel scale (smaller is nearer the
    camera); ``world`` is in metres with the origin between the hips.
    """

    xy: np.ndarray  # (33, 2) float, pixels
    depth: np.ndarray  # (33,) float, pixels
    visibility: np.ndarray  # (33,) float in [0, 1]
    presence: np.ndarray  # (33,) float in [0, 1]
    world: np.ndarray  # (33, 3) float, metres
    image_size: tuple[int, int]  # (width, height) in pixels

    def __post_init__(self) -> None:
        if self.xy.shape != (NUM_LANDMARKS, 2):
            raise ValueError(f"xy must have shape ({NUM_LANDMARKS}, 2), got {self.xy.shape}")

    def point(self, landmark: Landmark) -> np.ndarray:
        return self.xy[landmark]

    def inside_image(self, margin_px: float = 0.0) -> np.ndarray:
        """Per landmark: lies inside the image, ``margin_px`` from its border (negative = outside allowed)."""
        width, height = self.image_size
        x, y = self.xy[:, 0], self.xy[:, 1]
        return (x >= margin_px) & (x <= width - margin_px) & (y >= margin_px) & (y <= height - margin_px)

    def with_xy(self, xy: np.ndarray) -> "Pose":
        return Pose(xy, self.depth, self.visibility, self.presence, self.world, self.image_size)

    @classmethod
    def from_normalized(
        cls,
        normalized: np.ndarray,
        image_size: tuple[int, int],
        world: np.ndarray | None = None,
    ) -> "Pose":
        """Build from an (33, 5) array of MediaPipe's x, y, z (normalised), visibility and presence."""
        width, height = image_size
        scale = np.array([width, height], dtype=float)
        return cls(
            xy=normalized[:, :2] * scale,
            depth=normalized[:, 2] * width,
            visibility=normalized[:, 3].astype(float),
            presence=normalized[:, 4].astype(float),
            world=np.zeros((NUM_LANDMARKS, 3)) if world is None else world.astype(float),
            image_size=image_size,
        )
