"""How another camera or another person would change a recording's landmarks, to check that a count does not
depend on how one clip was filmed (``posecoach eval --perturb``).

Each perturbation maps a stream of pose records to another; ``perturbed_copy`` writes a landmarks file through one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from posecoach.landmark_store import LandmarkFile, LandmarkHeader, LandmarkWriter
from posecoach.landmarks import Landmark, Pose
from posecoach.pipeline import PoseRecord

#: Landmark index -> its mirror image's index (left <-> right; the nose stays).
MIRROR_INDEX = np.array(
    [Landmark[name.replace("LEFT", "@").replace("RIGHT", "LEFT").replace("@", "RIGHT")] for name in Landmark.__members__]
)
#: A camera on a shelf or a propped-up phone is rarely level to better than a few degrees.
ROLL_DEG = 8.0
#: The person 1.7 times as far away (the same framing at 2 m and 3.4 m).
FAR_SCALE = 0.6
#: MediaPipe's landmark jitter on a poor webcam stream, as a share of the image height.
JITTER_FRACTION_OF_HEIGHT = 0.004
#: Time stretched: the same movement 25% slower, or 20% faster.
SLOWER, FASTER = 1.25, 0.8

Records = Iterator[PoseRecord]


def _each_pose(change: Callable[[Pose], Pose]) -> Callable[[Records], Records]:
    def perturb(records: Records) -> Records:
        for record in records:
            yield replace(record, pose=None if record.pose is None else change(record.pose))

    return perturb


def mirrored(pose: Pose) -> Pose:
    """The image flipped left to right: the person's left side is now labelled right."""
    width, _ = pose.image_size
    xy = pose.xy[MIRROR_INDEX].copy()
    xy[:, 0] = width - xy[:, 0]
    world = pose.world[MIRROR_INDEX].copy()
    world[:, 0] = -world[:, 0]
    return Pose(xy, pose.depth[MIRROR_INDEX], pose.visibility[MIRROR_INDEX], pose.presence[MIRROR_INDEX], world, pose.image_size)


def _about_centre(pose: Pose, matrix: np.ndarray) -> Pose:
    centre = np.array(pose.image_size, dtype=float) / 2
    return pose.with_xy((pose.xy - centre) @ matrix.T + centre)


def rolled(degrees: float) -> Callable[[Pose], Pose]:
    angle = math.radians(degrees)
    matrix = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return lambda pose: _about_centre(pose, matrix)


def farther(scale: float) -> Callable[[Pose], Pose]:
    """The person at ``scale`` of the size: the image points toward the centre, and MediaPipe's relative depth, which
    is in the image's scale, with them."""
    return lambda pose: replace(_about_centre(pose, np.eye(2) * scale), depth=pose.depth * scale)


def _jitter(records: Records) -> Records:
    noise = np.random.default_rng(0)
    for record in records:
        pose = record.pose
        if pose is not None:
            pose = pose.with_xy(pose.xy + noise.normal(0.0, JITTER_FRACTION_OF_HEIGHT * pose.image_size[1], pose.xy.shape))
        yield replace(record, pose=pose)


def _every_other_frame(records: Records) -> Records:
    for index, record in enumerate(records):
        if index % 2 == 0:
            yield replace(record, frame_index=index // 2)


def _time_stretched(factor: float) -> Callable[[Records], Records]:
    def perturb(records: Records) -> Records:
        for record in records:
            yield replace(record, timestamp_s=record.timestamp_s * factor)

    return perturb


#: name -> (what it stands for, the change to the records, the factor on the frame rate)
PERTURBATIONS: dict[str, tuple[str, Callable[[Records], Records], float]] = {
    "mirror": ("the camera on the other side", _each_pose(mirrored), 1.0),
    "roll+8": (f"the camera rolled {ROLL_DEG:g} deg anticlockwise", _each_pose(rolled(ROLL_DEG)), 1.0),
    "roll-8": (f"the camera rolled {ROLL_DEG:g} deg clockwise", _each_pose(rolled(-ROLL_DEG)), 1.0),
    "far": (f"the person at {FAR_SCALE:.0%} of the size", _each_pose(farther(FAR_SCALE)), 1.0),
    "half_fps": ("every other frame (15 fps instead of 30)", _every_other_frame, 0.5),
    "slower": (f"the movement {SLOWER - 1:.0%} slower", _time_stretched(SLOWER), 1 / SLOWER),
    "faster": (f"the movement {1 - FASTER:.0%} faster", _time_stretched(FASTER), 1 / FASTER),
    "jitter": ("noisier landmarks", _jitter, 1.0),
}


def perturbed_copy(source: Path, name: str, target: Path) -> Path:
    """Writes ``source``'s landmarks through perturbation ``name`` to ``target`` (a landmarks file)."""
    landmarks = LandmarkFile(source)
    _, perturb, fps_factor = PERTURBATIONS[name]
    header: LandmarkHeader = replace(landmarks.header, fps=landmarks.header.fps * fps_factor)
    with LandmarkWriter(target, header) as writer:
        for record in perturb(iter(landmarks)):
            writer.write(record)
    return target


def kept_copies(source: Path, target_of: Callable[[str], Path]) -> Iterator[tuple[str, Path]]:
    """Each perturbation's name and its copy of ``source`` at ``target_of(name)``, written only when not kept from an
    earlier run of the same source (scoring kept copies takes seconds; a copy older than its source is written anew)."""
    for name in PERTURBATIONS:
        target = target_of(name)
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            perturbed_copy(source, name, target)
        yield name, target
