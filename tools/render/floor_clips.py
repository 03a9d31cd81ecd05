"""Floor and all-fours clips (issue 12): declared like clips.CLIPS, written to the staging folder
(tools/render/staging/) until the exercise modules they test are registered in posecoach."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from .body import BodySpec
from .build import ClipSpec
from .camera import CameraSpec
from .clips import MAN, OLDER_WOMAN, TALL_THIN_MAN, Tempo, varied_reps
from .floor import BIRD_DOG, DONKEY_KICK, FIRE_HYDRANT, FloorMove, FloorScript
from .motion import RepSpec
from .scene import RoomSpec

STAGING = Path(__file__).resolve().parent / "staging"

# ------------------------------------------------------------------ cameras
# All-fours, side-on from the person's left (+X): hands near y = -0.3, knees at y = 0.35.
QUAD_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.8, distance_m=2.6, fov_deg=50.0, target=(0.0, 0.1, 0.45))
# All-fours from behind (the feet end) and a little above.
QUAD_BEHIND = CameraSpec(yaw_deg=180.0, height_m=1.1, distance_m=2.6, fov_deg=50.0, target=(0.0, 0.1, 0.4))
QUAD_OBLIQUE = CameraSpec(yaw_deg=125.0, height_m=0.9, distance_m=2.7, fov_deg=50.0, target=(0.0, 0.1, 0.45))

MAT = RoomSpec(mat_rgb=(0.25, 0.45, 0.55), mat_center_y=0.05)


def floor_reps(
    n: int, seed: int, sides: str, faults: dict[int, str] | None, presets: dict[str | None, dict],
    base: dict[str, tuple[float, float]], tempo: Tempo,
) -> list[RepSpec]:
    """n reps; sides = one 'L'/'R'/'-' per rep ('-': no side); base = param -> uniform range;
    a preset may override params and the peak hold (`hold_s`)."""
    draw = lambda rng: {k: float(rng.uniform(*r)) for k, r in base.items()}  # noqa: E731
    reps = varied_reps(n, seed, faults, presets, draw, tempo)
    out = []
    for rep, sd in zip(reps, sides, strict=True):
        params = dict(rep.params)
        hold = params.pop("hold_s", rep.hold_s)
        out.append(replace(rep, params=params, hold_s=hold, side=None if sd == "-" else sd))
    return out


def _clip(name: str, move: FloorMove, reps: list[RepSpec], camera: CameraSpec, seed: int, body: BodySpec = MAN, fps: float = 15.0, room: RoomSpec = MAT) -> ClipSpec:
    return ClipSpec(name=name, script=FloorScript(move, reps), camera=camera, body=body, fps=fps, seed=seed, room=room, staged=True)


# ------------------------------------------------------------------ bird dog
BIRD_DOG_TEMPO = Tempo(down_s=1.0, up_s=0.9, hold_s=2.2, rest_s=0.5, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.1, rest_jitter=0.3)
BIRD_DOG_BASE = {"thigh_pitch": (86.0, 94.0), "arm_lift": (86.0, 94.0)}
BIRD_DOG_FAULTS: dict[str | None, dict] = {
    # arm and leg stop ~30 deg below the line of the back
    "low_reach": {"thigh_pitch": lambda r: r.uniform(56.0, 62.0), "arm_lift": lambda r: r.uniform(52.0, 60.0)},
    # the pelvis rolls ~20 deg about the spine, the extended leg's hip dropping
    "hip_drops": {"pelvis_roll": lambda r: r.uniform(19.0, 22.0)},
    # lumbar extension (belly sinks) with the leg kicked above the line of the back and the head up
    "back_sags": {"sag": lambda r: r.uniform(22.0, 26.0), "thigh_pitch": lambda r: r.uniform(106.0, 110.0), "head": 22.0},
    "no_hold": {"hold_s": lambda r: r.uniform(0.1, 0.25)},
}


def bird_dog(name: str, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = QUAD_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, BIRD_DOG_FAULTS, BIRD_DOG_BASE, BIRD_DOG_TEMPO)
    return _clip(name, BIRD_DOG, reps, camera, seed, body)


FLOOR_CLIPS: list[ClipSpec] = [
    bird_dog("bird_dog_side_clean", seed=101, sides="LRLR"),
]
