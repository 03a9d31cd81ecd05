"""Standing clips of issue 13 (lunges from the front / behind, split squats, chair squat, yoga squat, lateral lunge
and squat hold, standing hip abduction): 640x360 or 360x640 at 15 fps, <= 14 s.  Clips in `IN_GROUND_TRUTH` are
written to sample_videos/, the rest to tools/render/staging/ (see the README's standing section)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .build import ClipSpec
from .camera import CameraSpec
from .clips import MAN, OLDER_WOMAN, TALL_THIN_MAN, Tempo, lunge_reps, varied_reps
from .motion import RepSpec
from .scene import RoomSpec
from .floor import FloorScript
from .floor_clips import floor_reps
from .standing import (
    CHAIR, HIP_ABDUCTION, LATERAL_LUNGE, ChairSquatScript, SidedLungeScript, SplitSquatScript, lateral_squat_script, yoga_squat_script,
)

FPS = 15.0

# Lunges: the back foot steps ~0.9 m toward +Y, so the cameras aim a little behind the start spot.
LUNGE_FRONT = CameraSpec(yaw_deg=0.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, width=640, height=360, target=(0.0, 0.3, 0.8))
LUNGE_BEHIND = CameraSpec(yaw_deg=180.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, width=640, height=360, target=(0.0, 0.3, 0.8))
SPLIT_SIDE = CameraSpec(yaw_deg=90.0, height_m=1.0, distance_m=2.8, fov_deg=50.0, width=640, height=360, target=(0.0, 0.3, 0.8))
SPLIT_OBLIQUE = CameraSpec(yaw_deg=-45.0, height_m=1.0, distance_m=2.9, fov_deg=50.0, width=640, height=360, target=(0.0, 0.3, 0.8))

CHAIR_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.9, distance_m=2.7, fov_deg=50.0, width=640, height=360, target=(0.0, 0.1, 0.75))
CHAIR_OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=0.9, distance_m=2.8, fov_deg=50.0, width=640, height=360, target=(0.0, 0.1, 0.75))
CHAIR_FRONT = CameraSpec(yaw_deg=0.0, height_m=0.9, distance_m=2.8, fov_deg=50.0, width=640, height=360, target=(0.0, 0.1, 0.75))
CHAIR_ROOM = RoomSpec(bench=CHAIR, bench_rgb=(0.22, 0.24, 0.30), seed=11)

#: Clips the engine reads exactly: written to sample_videos/ (the rest stay staged, see the README).
IN_GROUND_TRUTH: frozenset[str] = frozenset({
    "lunge_behind_clean", "split_squat_side_faults", "split_squat_oblique_clean", "chair_squat_side_clean",
    "chair_squat_oblique_faults", "hip_abduction_front_clean", "hip_abduction_behind_faults", "lateral_lunge_front_clean",
    "yoga_squat_side_faults", "yoga_squat_oblique_clean", "lateral_squat_behind_trunk", "lunge_front_clean",
    "lateral_lunge_behind_faults", "lateral_lunge_behind_straight_leg", "chair_squat_front_knees_cave", "lunge_front_shallow",
    "lateral_squat_front_faults",
})


def _clip(name: str, script, camera: CameraSpec, body, seed: int) -> ClipSpec:
    return ClipSpec(name=name, script=script, camera=camera, body=body, fps=FPS, seed=seed, staged=name not in IN_GROUND_TRUTH)


def _lunges(n: int, seed: int, faults: dict[int, str] | None = None, first_back: str = "R") -> SidedLungeScript:
    return SidedLungeScript(lunge_reps(n, seed, faults), first_back=first_back)


def _split(back: str, n: int, seed: int, faults: dict[int, str] | None = None) -> SplitSquatScript:
    return SplitSquatScript(lunge_reps(n, seed, faults), sets=((back, n),), lead_in_s=0.5, tail_s=0.5)


# ------------------------------------------------------------------ chair squat
CHAIR_TEMPO = Tempo(down_s=1.6, up_s=1.2, hold_s=0.5, rest_s=0.4, down_jitter=0.1, up_jitter=0.1, hold_jitter=0.3, rest_jitter=0.3)
CHAIR_DROP_DOWN_S = 0.4  # letting go: the hips fall onto the seat (free fall over ~0.4 m takes ~0.3 s)
CHAIR_DROP_UP_S = 1.5
CHAIR_FAULTS: dict[str | None, dict] = {
    # chest pitched down toward the knees: trunk 62-66 deg from vertical at the seat (clean 28-36)
    "trunk_pitch": {"trunk": lambda r: r.uniform(62.0, 66.0)},
    # knees rotated in about the hip-ankle line (as the squat's knees_cave)
    "knees_cave": {"cave": lambda r: r.uniform(18.0, 21.0)},
    "dropping": {},  # tempo only: CHAIR_DROP_DOWN_S down, CHAIR_DROP_UP_S up
}


def _chair_base(rng: np.random.Generator) -> dict[str, float]:
    return {"shin": float(rng.uniform(8.0, 12.0)), "trunk": float(rng.uniform(28.0, 36.0)), "arms": float(rng.uniform(70.0, 85.0))}


def chair_reps(n: int, seed: int, faults: dict[int, str] | None = None) -> list[RepSpec]:
    reps = varied_reps(n, seed, faults, CHAIR_FAULTS, _chair_base, CHAIR_TEMPO)
    return [replace(r, down_s=CHAIR_DROP_DOWN_S, up_s=CHAIR_DROP_UP_S) if "dropping" in r.faults else r for r in reps]


def _chair(name: str, camera: CameraSpec, body, seed: int, n: int, faults: dict[int, str] | None = None) -> ClipSpec:
    return ClipSpec(
        name=name, script=ChairSquatScript(chair_reps(n, seed, faults)), camera=camera, body=body, fps=FPS, seed=seed,
        room=CHAIR_ROOM, staged=name not in IN_GROUND_TRUTH,
    )  # fmt: skip


# ------------------------------------------------------------------ standing hip abduction, lateral lunge
STAND_FRONT = CameraSpec(yaw_deg=0.0, height_m=1.0, distance_m=2.9, fov_deg=50.0, width=640, height=360, target=(0.0, 0.0, 0.8))
STAND_BEHIND = CameraSpec(yaw_deg=180.0, height_m=1.0, distance_m=2.9, fov_deg=50.0, width=640, height=360, target=(0.0, 0.0, 0.8))

ABDUCTION_TEMPO = Tempo(down_s=1.0, up_s=1.0, hold_s=0.5, rest_s=0.4, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
ABDUCTION_BASE = {"abduct": (33.0, 38.0), "lean": (2.0, 4.0)}
ABDUCTION_FAULTS: dict[str | None, dict] = {
    "low_lift": {"abduct": lambda r: r.uniform(20.0, 22.0)},  # stops ~20 deg out: an attempt
    "trunk_lean": {"lean": lambda r: r.uniform(22.0, 25.0)},  # the trunk tips over the standing leg
    "toes_up": {"turn_out": lambda r: r.uniform(50.0, 55.0)},  # the leg turns out: the toes point up and out
}
LATERAL_TEMPO = Tempo(down_s=1.2, up_s=1.0, hold_s=0.4, rest_s=0.4, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
LATERAL_BASE = {"knee": (84.0, 92.0), "trunk": (16.0, 22.0)}
LATERAL_FAULTS: dict[str | None, dict] = {
    # a half sit, bent knee ~115 deg: the bent leg ~0.16 leg lengths shorter (between `leave` 0.10 and `full` 0.22)
    "shallow": {"knee": lambda r: r.uniform(112.0, 116.0), "trunk": 12.0},
    # the straight leg's knee bends ~55 deg (reach ~0.88 of its length)
    "straight_leg_bends": {"straight_knee": lambda r: r.uniform(123.0, 127.0)},
    # the chest drops toward the bent thigh: spine pitched 63-67 deg, the hip-shoulder line ~55 deg from vertical
    "trunk_forward": {"trunk": lambda r: r.uniform(63.0, 67.0)},
    "knee_cave": {"cave": lambda r: r.uniform(32.0, 36.0)},
}


def _sided(name: str, move, tempo: Tempo, base, presets, camera: CameraSpec, body, seed: int, sides: str,
           faults: dict[int, str] | None = None) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, presets, base, tempo)
    return ClipSpec(
        name=name, script=FloorScript(move, reps, 0.8, 0.8), camera=camera, body=body, fps=FPS, seed=seed,
        staged=name not in IN_GROUND_TRUTH,
    )  # fmt: skip


YOGA_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.9, distance_m=2.7, fov_deg=50.0, width=640, height=360, target=(0.0, 0.0, 0.75))
YOGA_OBLIQUE = CameraSpec(yaw_deg=-45.0, height_m=0.9, distance_m=2.7, fov_deg=50.0, width=640, height=360, target=(0.0, 0.0, 0.75))
# down = sink into the squat, hold = pause there, up = straighten into the fold, rest = roll up to standing
YOGA_TEMPO = Tempo(down_s=1.1, up_s=1.0, hold_s=0.5, rest_s=1.1, down_jitter=0.1, up_jitter=0.1, hold_jitter=0.2, rest_jitter=0.1)
YOGA_BREATH_TEMPO = Tempo(down_s=1.9, up_s=1.2, hold_s=0.8, rest_s=1.3, down_jitter=0.05, up_jitter=0.1, hold_jitter=0.2, rest_jitter=0.1)
YOGA_BASE = {"knee": (38.0, 46.0), "trunk": (38.0, 45.0)}
YOGA_FAULTS: dict[str | None, dict] = {
    # hips stop a little above the knees (thighs ~25 deg below level, knee 82-88): hips ~0.6 leg lengths up
    "not_deep": {"knee": lambda r: r.uniform(82.0, 88.0), "shin": 30.0, "trunk": 35.0},
    "heels_lift": {"heel": lambda r: r.uniform(24.0, 27.0)},  # up on the balls of the feet at the bottom
}


def _yoga(name: str, camera: CameraSpec, body, seed: int, n: int, faults: dict[int, str] | None = None, tempo: Tempo = YOGA_TEMPO) -> ClipSpec:
    draw = lambda rng: {k: float(rng.uniform(*r)) for k, r in YOGA_BASE.items()}  # noqa: E731
    reps = varied_reps(n, seed, faults, YOGA_FAULTS, draw, tempo)
    return ClipSpec(name=name, script=yoga_squat_script(reps), camera=camera, body=body, fps=FPS, seed=seed, staged=name not in IN_GROUND_TRUTH)


def _lateral_squat(name: str, camera: CameraSpec, body, sides) -> ClipSpec:
    return ClipSpec(name=name, script=lateral_squat_script(sides), camera=camera, body=body, fps=FPS, staged=name not in IN_GROUND_TRUTH)


STANDING_CLIPS: list[ClipSpec] = [
    # breath-paced: heels lifting on rep 1, rep 2 not deep (an attempt)
    _yoga("yoga_squat_side_faults", YOGA_SIDE, MAN, 91, 2, {1: "heels_lift", 2: "not_deep"}, YOGA_BREATH_TEMPO),
    _yoga("yoga_squat_oblique_clean", YOGA_OBLIQUE, OLDER_WOMAN, 92, 3),
    # left: the straight leg bends (knee ~125 deg) for 1.2 s mid-hold; right: the bent knee caves in (points ~20 deg inside straight ahead) for 1.2 s
    _lateral_squat("lateral_squat_front_faults", STAND_FRONT, OLDER_WOMAN, [
        ("L", [(1.5, None), (1.2, {"straight_knee": 125.0}), (1.2, None)]),
        ("R", [(1.5, None), (1.2, {"cave": 48.0}), (1.2, None)]),
    ]),
    # left: a clean 4 s hold; right: the trunk collapses forward for 1.2 s
    _lateral_squat("lateral_squat_behind_trunk", STAND_BEHIND, TALL_THIN_MAN, [
        ("L", [(4.0, None)]),
        ("R", [(1.5, None), (1.2, {"trunk": 65.0}), (1.2, None)]),
    ]),
    _sided("hip_abduction_front_clean", HIP_ABDUCTION, ABDUCTION_TEMPO, ABDUCTION_BASE, ABDUCTION_FAULTS, STAND_FRONT, MAN, 71, "LLRR"),
    _sided("hip_abduction_behind_faults", HIP_ABDUCTION, ABDUCTION_TEMPO, ABDUCTION_BASE, ABDUCTION_FAULTS, STAND_BEHIND,
           OLDER_WOMAN, 72, "RRLL", {2: "trunk_lean", 3: "toes_up", 4: "low_lift"}),
    _sided("lateral_lunge_front_clean", LATERAL_LUNGE, LATERAL_TEMPO, LATERAL_BASE, LATERAL_FAULTS, STAND_FRONT, TALL_THIN_MAN, 81, "LLRR"),
    _sided("lateral_lunge_behind_faults", LATERAL_LUNGE, LATERAL_TEMPO, LATERAL_BASE, LATERAL_FAULTS, STAND_BEHIND, MAN, 83,
           "LLRR", {2: "shallow", 3: "trunk_forward", 4: "knee_cave"}),
    # the straight leg bends on rep 1 (a full rep: the depth is the bent leg's own shortening)
    _sided("lateral_lunge_behind_straight_leg", LATERAL_LUNGE, LATERAL_TEMPO, LATERAL_BASE, LATERAL_FAULTS, STAND_BEHIND, MAN, 82,
           "LLRR", {1: "straight_leg_bends", 2: "shallow", 3: "trunk_forward", 4: "knee_cave"}),
    _chair("chair_squat_side_clean", CHAIR_SIDE, MAN, 61, 3),
    _chair("chair_squat_oblique_faults", CHAIR_OBLIQUE, TALL_THIN_MAN, 62, 3, {2: "trunk_pitch", 3: "dropping"}),
    _chair("chair_squat_front_knees_cave", CHAIR_FRONT, OLDER_WOMAN, 63, 3, {2: "knees_cave"}),
    # alternating reverse lunges from the front: clean; and with rep 3 a half lunge (an attempt, quicker than 0.6 s)
    _clip("lunge_front_clean", _lunges(4, 55), LUNGE_FRONT, MAN, 55),
    _clip("lunge_front_shallow", _lunges(5, 51, {3: "shallow"}), LUNGE_FRONT, OLDER_WOMAN, 51),
    # from behind, the left leg steps back first
    _clip("lunge_behind_clean", _lunges(4, 52, first_back="L"), LUNGE_BEHIND, TALL_THIN_MAN, 52),
    # split squats, right foot back (the near left leg in front): a half dip and a chest-down dip
    _clip("split_squat_side_faults", _split("R", 4, 53, {2: "shallow", 4: "torso_lean"}), SPLIT_SIDE, MAN, 53),
    # split squats, left foot back, filmed from the front-right
    _clip("split_squat_oblique_clean", _split("L", 4, 54), SPLIT_OBLIQUE, OLDER_WOMAN, 54),
]
