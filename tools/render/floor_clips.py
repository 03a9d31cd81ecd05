"""Floor and all-fours clips (issue 12): declared like clips.CLIPS, written to the staging folder
(tools/render/staging/) until the exercise modules they test are registered in posecoach."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from .body import BodySpec
from .build import ClipSpec
from .camera import CameraSpec
from .clips import BRIDGE_SIDE, MAN, OLDER_WOMAN, TALL_THIN_MAN, Tempo, varied_reps
from .floor import BIRD_DOG, CLAMSHELL, DONKEY_KICK, FIRE_HYDRANT, HIP_THRUST, HIP_THRUST_BENCH, SIDE_LYING_LEG_RAISE, SINGLE_LEG_BRIDGE, SUPERMAN, FloorMove, PelvicRollScript, FloorScript
from .motion import RepSpec
from .scene import RoomSpec

STAGING = Path(__file__).resolve().parent / "staging"

# ------------------------------------------------------------------ cameras
# All-fours, side-on from the person's left (+X): hands near y = -0.3, knees at y = 0.35.
QUAD_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.8, distance_m=2.6, fov_deg=50.0, target=(0.0, 0.1, 0.45))
# All-fours from behind (the feet end) and a little above.
QUAD_BEHIND = CameraSpec(yaw_deg=180.0, height_m=1.0, distance_m=2.1, fov_deg=50.0, target=(0.0, 0.1, 0.35))
QUAD_OBLIQUE = CameraSpec(yaw_deg=125.0, height_m=0.9, distance_m=2.7, fov_deg=50.0, target=(0.0, 0.1, 0.45))

# Side-lying, from in front of the body (it sees the chest and belly), a little above: a laptop on a low table.
SIDE_LYING_FRONT = CameraSpec(yaw_deg=0.0, height_m=0.9, distance_m=2.4, fov_deg=50.0, target=(0.0, 0.0, 0.2))

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


def _clip(
    name: str, move: FloorMove, reps: list[RepSpec], camera: CameraSpec, seed: int, body: BodySpec = MAN, fps: float = 15.0,
    room: RoomSpec = MAT, view: str | None = None,
) -> ClipSpec:
    return ClipSpec(name=name, script=FloorScript(move, reps), camera=camera, body=body, fps=fps, seed=seed, room=room, staged=True, view=view)


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


# ------------------------------------------------------------------ donkey kick
DONKEY_KICK_TEMPO = Tempo(down_s=0.8, up_s=0.8, hold_s=0.4, rest_s=0.45, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
DONKEY_KICK_BASE = {"thigh_pitch": (86.0, 94.0), "ankle": (5.0, 15.0)}
DONKEY_KICK_FAULTS: dict[str | None, dict] = {
    # the thigh stops ~40 deg below level
    "low_kick": {"thigh_pitch": lambda r: r.uniform(46.0, 52.0)},
    # the kick goes on past level by arching the lower back: lumbar extension, thigh ~25 deg above level, head up
    "back_arches": {"sag": lambda r: r.uniform(22.0, 26.0), "thigh_pitch": lambda r: r.uniform(112.0, 118.0), "head": 20.0},
}


def donkey_kick(name: str, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = QUAD_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, DONKEY_KICK_FAULTS, DONKEY_KICK_BASE, DONKEY_KICK_TEMPO)
    return _clip(name, DONKEY_KICK, reps, camera, seed, body)


# ------------------------------------------------------------------ fire hydrant
FIRE_HYDRANT_TEMPO = Tempo(down_s=0.9, up_s=0.9, hold_s=0.4, rest_s=0.45, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
FIRE_HYDRANT_BASE = {"abduct": (64.0, 74.0)}
FIRE_HYDRANT_FAULTS: dict[str | None, dict] = {
    # the knee comes out only ~25-30 deg
    "low_lift": {"abduct": lambda r: r.uniform(24.0, 30.0)},
    # the trunk rolls ~20 deg about the spine, the lifting side up (weight shifted onto the support side)
    "trunk_tilts": {"trunk_roll": lambda r: r.uniform(20.0, 24.0)},
    # lumbar extension: the belly sinks (hips and shoulders stay on their supports, so few landmarks move)
    "back_sags": {"sag": lambda r: r.uniform(26.0, 30.0)},
}


def fire_hydrant(name: str, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = QUAD_BEHIND, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, FIRE_HYDRANT_FAULTS, FIRE_HYDRANT_BASE, FIRE_HYDRANT_TEMPO)
    return _clip(name, FIRE_HYDRANT, reps, camera, seed, body, view="feet_end" if camera is QUAD_BEHIND else None)


# ------------------------------------------------------------------ single-leg glute bridge
# As BRIDGE_SIDE but 60 deg round from the side toward the feet.
BRIDGE_OBLIQUE = CameraSpec(yaw_deg=30.0, height_m=0.85, distance_m=2.8, fov_deg=50.0, target=(0.0, -0.3, 0.3))
BRIDGE_MAT = RoomSpec(mat_rgb=(0.25, 0.45, 0.55))
SINGLE_LEG_BRIDGE_TEMPO = Tempo(down_s=1.1, up_s=1.1, hold_s=2.0, rest_s=0.5, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.08, rest_jitter=0.3)
SINGLE_LEG_BRIDGE_BASE = {"shk_peak": (178.5, 181.5)}
SINGLE_LEG_BRIDGE_FAULTS: dict[str | None, dict] = {
    "hips_low": {"shk_peak": lambda r: r.uniform(148.0, 152.0)},
    # the pelvis rolls ~15 deg about the spine, the free leg's side dropping
    "hips_tilt": {"tilt": lambda r: r.uniform(14.0, 17.0)},
}


def single_leg_bridge(name: str, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = BRIDGE_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, SINGLE_LEG_BRIDGE_FAULTS, SINGLE_LEG_BRIDGE_BASE, SINGLE_LEG_BRIDGE_TEMPO)
    return ClipSpec(name=name, script=FloorScript(SINGLE_LEG_BRIDGE, reps, lead_in_s=0.8, tail_s=0.8), camera=camera, body=body, fps=15.0, seed=seed, room=BRIDGE_MAT, staged=True)


# ------------------------------------------------------------------ side-lying
SIDE_LYING_MAT = RoomSpec(mat_rgb=(0.45, 0.30, 0.50), mat_center_y=0.0, mat_along_x=True)
LEG_RAISE_TEMPO = Tempo(down_s=1.0, up_s=1.0, hold_s=0.6, rest_s=0.45, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
LEG_RAISE_BASE = {"abduct": (40.0, 46.0)}
LEG_RAISE_FAULTS: dict[str | None, dict] = {
    "low_lift": {"abduct": lambda r: r.uniform(14.0, 19.0)},
    # the whole body rolls back ~25 deg as the leg goes up (the chest turns toward the ceiling)
    "pelvis_rolls_back": {"roll_back": lambda r: r.uniform(24.0, 28.0)},
    # the leg swings forward (hip flexion ~35-40 deg, toward the camera) as it lifts
    "leg_drifts_forward": {"flex": lambda r: r.uniform(35.0, 40.0)},
    "knee_bends": {"knee_flex": lambda r: r.uniform(55.0, 60.0)},
}
CLAMSHELL_TEMPO = Tempo(down_s=0.9, up_s=0.9, hold_s=0.4, rest_s=0.4, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
CLAMSHELL_BASE = {"open": (40.0, 48.0)}
CLAMSHELL_FAULTS: dict[str | None, dict] = {
    "small_opening": {"open": lambda r: r.uniform(12.0, 16.0)},
    "pelvis_rolls_back": {"roll_back": lambda r: r.uniform(22.0, 26.0)},
    # the top foot lifts off the bottom one: the leg also abducts ~20 deg
    "feet_apart": {"abduct": lambda r: r.uniform(4.0, 6.0)},
}


def side_lying(name: str, move: FloorMove, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = SIDE_LYING_FRONT, body: BodySpec = MAN) -> ClipSpec:
    presets, base, tempo = (LEG_RAISE_FAULTS, LEG_RAISE_BASE, LEG_RAISE_TEMPO) if move is SIDE_LYING_LEG_RAISE else (CLAMSHELL_FAULTS, CLAMSHELL_BASE, CLAMSHELL_TEMPO)
    reps = floor_reps(len(sides), seed, sides, faults, presets, base, tempo)
    return _clip(name, move, reps, camera, seed, body, room=SIDE_LYING_MAT)


# ------------------------------------------------------------------ superman
PRONE_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.6, distance_m=2.3, fov_deg=50.0, target=(0.0, 0.0, 0.15))
PRONE_OBLIQUE = CameraSpec(yaw_deg=55.0, height_m=0.8, distance_m=2.5, fov_deg=50.0, target=(0.0, 0.0, 0.15))
SUPERMAN_TEMPO = Tempo(down_s=0.9, up_s=0.9, hold_s=2.0, rest_s=0.7, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.08, rest_jitter=0.3)
SUPERMAN_BASE = {"chest": (9.0, 11.0), "legs": (8.0, 10.0), "arms": (3.0, 5.0)}
SUPERMAN_FAULTS: dict[str | None, dict] = {
    # hands and feet barely leave the floor (~2-3 cm)
    "low_lift": {"chest": lambda r: r.uniform(2.0, 3.0), "legs": lambda r: r.uniform(2.0, 3.0), "arms": 1.0},
    "no_hold": {"hold_s": lambda r: r.uniform(0.1, 0.25)},
    # the neck extends ~30 deg: looking forward instead of at the floor
    "head_lifted": {"head": lambda r: r.uniform(28.0, 34.0)},
}


def superman(name: str, seed: int, n: int, faults: dict[int, str] | None = None, camera: CameraSpec = PRONE_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(n, seed, "-" * n, faults, SUPERMAN_FAULTS, SUPERMAN_BASE, SUPERMAN_TEMPO)
    return _clip(name, SUPERMAN, reps, camera, seed, body, room=PRONE_MAT)


PRONE_MAT = RoomSpec(mat_rgb=(0.30, 0.50, 0.35), mat_center_y=0.0, seed=5)


# ------------------------------------------------------------------ bridge pelvic roll
PELVIC_ROLL_TEMPO = Tempo(down_s=0.9, up_s=0.9, hold_s=0.3, rest_s=0.3, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)
PELVIC_ROLL_BASE = {"roll": (20.0, 24.0)}
PELVIC_ROLL_FAULTS: dict[str | None, dict] = {
    # the hips sink toward the floor during the roll: shoulder-hip-knee ~150 deg
    "hips_drop": {"shk_low": lambda r: r.uniform(148.0, 153.0)},
}


def pelvic_roll(name: str, seed: int, sides: str, faults: dict[int, str] | None = None, camera: CameraSpec = BRIDGE_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(len(sides), seed, sides, faults, PELVIC_ROLL_FAULTS, PELVIC_ROLL_BASE, PELVIC_ROLL_TEMPO)
    return ClipSpec(name=name, script=PelvicRollScript(reps), camera=camera, body=body, fps=15.0, seed=seed, room=BRIDGE_MAT, staged=True)


# ------------------------------------------------------------------ hip thrust
THRUST_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.8, distance_m=2.7, fov_deg=50.0, target=(0.0, -0.35, 0.35))
THRUST_OBLIQUE = CameraSpec(yaw_deg=50.0, height_m=0.9, distance_m=2.8, fov_deg=50.0, target=(0.0, -0.35, 0.35))
THRUST_ROOM = RoomSpec(bench=HIP_THRUST_BENCH, seed=7)
HIP_THRUST_TEMPO = Tempo(down_s=1.0, up_s=1.0, hold_s=1.6, rest_s=0.5, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.08, rest_jitter=0.3)
HIP_THRUST_BASE = {"shk_peak": (178.5, 181.5)}
HIP_THRUST_FAULTS: dict[str | None, dict] = {
    "hips_low": {"shk_peak": lambda r: r.uniform(150.0, 155.0)},
    "over_arch": {"shk_peak": lambda r: r.uniform(195.0, 198.0)},
    "no_hold": {"hold_s": lambda r: r.uniform(0.1, 0.2)},
}


def hip_thrust(name: str, seed: int, n: int, faults: dict[int, str] | None = None, camera: CameraSpec = THRUST_SIDE, body: BodySpec = MAN) -> ClipSpec:
    reps = floor_reps(n, seed, "-" * n, faults, HIP_THRUST_FAULTS, HIP_THRUST_BASE, HIP_THRUST_TEMPO)
    return _clip(name, HIP_THRUST, reps, camera, seed, body, room=THRUST_ROOM)


FLOOR_CLIPS: list[ClipSpec] = [
    single_leg_bridge("bridge_single_leg_side_clean", seed=151, sides="LRLR"),
    single_leg_bridge("bridge_single_leg_side_faults", seed=152, sides="LRLR", faults={2: "hips_low", 3: "hips_tilt"}, body=OLDER_WOMAN),
    single_leg_bridge("bridge_single_leg_oblique_clean", seed=153, sides="RLRL", camera=BRIDGE_OBLIQUE, body=TALL_THIN_MAN),
    bird_dog("bird_dog_side_clean", seed=101, sides="LRLR"),
    bird_dog("bird_dog_side_low_reach_no_hold", seed=102, sides="LRLR", faults={2: "low_reach", 3: "no_hold"}, body=OLDER_WOMAN),
    bird_dog("bird_dog_side_hip_drops_back_sags", seed=103, sides="LRLR", faults={1: "hip_drops", 4: "back_sags"}),
    bird_dog("bird_dog_oblique_clean", seed=104, sides="RLRL", camera=QUAD_OBLIQUE, body=TALL_THIN_MAN),
    donkey_kick("donkey_kick_side_clean", seed=111, sides="LLLRRR"),
    donkey_kick("donkey_kick_side_faults", seed=112, sides="LLLRRR", faults={2: "low_kick", 5: "back_arches"}, body=OLDER_WOMAN),
    fire_hydrant("fire_hydrant_behind_clean", seed=121, sides="LLLRRR"),
    fire_hydrant("fire_hydrant_behind_faults", seed=122, sides="LLLRRR", faults={2: "low_lift", 4: "trunk_tilts", 6: "back_sags"}, body=OLDER_WOMAN),
    fire_hydrant("fire_hydrant_side_faults", seed=123, sides="RRRLLL", faults={2: "back_sags", 5: "low_lift"}, camera=QUAD_SIDE, body=TALL_THIN_MAN),
    side_lying("side_lying_leg_raise_front_left_clean", SIDE_LYING_LEG_RAISE, seed=131, sides="LLLLL"),
    side_lying("side_lying_leg_raise_front_right_faults", SIDE_LYING_LEG_RAISE, seed=132, sides="RRRRRR", faults={2: "low_lift", 3: "pelvis_rolls_back", 4: "leg_drifts_forward", 6: "knee_bends"}, body=OLDER_WOMAN),
    side_lying("clamshell_front_right_clean", CLAMSHELL, seed=141, sides="RRRRR", body=OLDER_WOMAN),
    hip_thrust("hip_thrust_side_clean", seed=171, n=4),
    hip_thrust("hip_thrust_side_faults", seed=172, n=5, faults={2: "hips_low", 3: "over_arch", 5: "no_hold"}, body=OLDER_WOMAN),
    hip_thrust("hip_thrust_oblique_clean", seed=173, n=4, camera=THRUST_OBLIQUE, body=TALL_THIN_MAN),
    superman("superman_side_clean", seed=161, n=4),
    pelvic_roll("bridge_pelvic_roll_side_clean", seed=181, sides="LRLRLR"),
    pelvic_roll("bridge_pelvic_roll_side_faults", seed=182, sides="LRLRLR", faults={3: "hips_drop", 6: "hips_drop"}, body=OLDER_WOMAN),
    pelvic_roll("bridge_pelvic_roll_oblique_clean", seed=183, sides="RLRLRL", camera=BRIDGE_OBLIQUE, body=TALL_THIN_MAN),
    superman("superman_side_faults", seed=162, n=4, faults={2: "low_lift", 3: "no_hold", 4: "head_lifted"}, body=OLDER_WOMAN),
    superman("superman_oblique_clean", seed=163, n=3, camera=PRONE_OBLIQUE, body=TALL_THIN_MAN),
    side_lying("clamshell_front_left_faults", CLAMSHELL, seed=142, sides="LLLLLL", faults={2: "small_opening", 4: "pelvis_rolls_back", 5: "feet_apart"}),
]
