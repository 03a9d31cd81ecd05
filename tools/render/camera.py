"""Pinhole camera placed around the person; projection matches pyrender's."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class CameraSpec:
    """Camera on a circle around `target` (world, z up; the person faces -Y at rest).

    yaw_deg: 0 = in front of the person, +90 = on the person's left (+X),
             -90 = on the person's right, 45 = front-left oblique.
    height_m: lens height above the floor; distance_m: horizontal distance to target;
    fov_deg: vertical field of view.
    """

    yaw_deg: float = 90.0
    height_m: float = 1.0
    distance_m: float = 3.2
    fov_deg: float = 50.0
    width: int = 640
    height: int = 480
    target: tuple[float, float, float] = (0.0, 0.0, 0.85)

    @property
    def view(self) -> str:
        yaw = abs(((self.yaw_deg + 180.0) % 360.0) - 180.0)
        if yaw < 15 or yaw > 165:
            return "front" if yaw < 15 else "back"
        if 75 <= yaw <= 105:
            return "side"
        return "oblique"

    def position(self) -> np.ndarray:
        a = np.radians(self.yaw_deg)
        t = np.asarray(self.target)
        return np.array([t[0] + self.distance_m * np.sin(a), t[1] - self.distance_m * np.cos(a), self.height_m])

    def pose_matrix(self) -> np.ndarray:
        """Camera-to-world 4x4 (OpenGL convention: looks along its -Z, +Y up)."""
        eye = self.position()
        forward = np.asarray(self.target) - eye
        forward /= np.linalg.norm(forward)
        right = np.cross(forward, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        up = np.cross(right, forward)
        m = np.eye(4)
        m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = right, up, -forward, eye
        return m

    def focal_px(self) -> float:
        return 0.5 * self.height / np.tan(np.radians(self.fov_deg) / 2)

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        """World points (..., 3) -> camera frame: x right, y down, z forward (metres)."""
        m = self.pose_matrix()
        local = (np.asarray(points) - m[:3, 3]) @ m[:3, :3]
        return local * np.array([1.0, -1.0, -1.0])

    def project(self, points: np.ndarray) -> np.ndarray:
        """World points (..., 3) -> pixel coordinates (..., 2), origin top-left."""
        c = self.to_camera(points)
        f = self.focal_px()
        x = self.width / 2 + f * c[..., 0] / c[..., 2]
        y = self.height / 2 + f * c[..., 1] / c[..., 2]
        return np.stack([x, y], axis=-1)

    def to_json(self) -> dict:
        d = asdict(self)
        d["position_m"] = [round(float(v), 4) for v in self.position()]
        d["target"] = list(self.target)
        return d
