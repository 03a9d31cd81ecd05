"""The declarative list of committed clips (sample_videos/).

Each clip: name -> exercise script (reps with per-rep depth, tempo, faults),
camera, body, fps and seed.  Per-rep variation comes from a RNG seeded by the
clip's seed, so `python -m tools.render build` is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .body import BodySpec
from .build import ClipSpec
from .camera import CameraSpec
from .exercises import BridgeScript, EmptyScript, LeaveAndReturnScript, LungeScript, SquatScript, StretchScript
from .motion import RepSpec, jitter

# ------------------------------------------------------------------ bodies
# Standing heights: MAN ~1.78 m, OLDER_WOMAN ~1.60 m, TALL_THIN_MAN ~1.93 m.
MAN = BodySpec()
OLDER_WOMAN = BodySpec(
    name="woman_older_heavier", gender=1.0, age=0.95, muscle=0.35, weight=0.8, height=0.35,
    skin=(0.86, 0.70, 0.60), shirt=(0.62, 0.20, 0.30), shorts=(0.20, 0.22, 0.30),
    hair=(0.72, 0.72, 0.74), shoes=(0.30, 0.30, 0.32), long_hair=True,
)  # fmt: skip
TALL_THIN_MAN = BodySpec(
    name="man_tall_thin", gender=0.0, age=0.70, muscle=0.45, weight=0.15, height=0.535,
    skin=(0.55, 0.38, 0.26), shirt=(0.85, 0.55, 0.15), shorts=(0.10, 0.25, 0.15),
    hair=(0.06, 0.05, 0.05), shoes=(0.9, 0.2, 0.2),
)  # fmt: skip

# ------------------------------------------------------------------ cameras
SIDE = CameraSpec(yaw_deg=90.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.0, 0.85))
SIDE_FAR = CameraSpec(yaw_deg=90.0, height_m=1.05, distance_m=3.2, fov_deg=50.0, target=(0.0, 0.0, 0.9))
FRONT = CameraSpec(yaw_deg=0.0, height_m=1.05, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.0, 0.85))
OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.0, 0.85))
PORTRAIT = CameraSpec(yaw_deg=90.0, height_m=1.25, distance_m=3.4, fov_deg=60.0, width=480, height=854, target=(0.0, -0.15, 0.9))
BRIDGE_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.75, distance_m=2.6, fov_deg=50.0, target=(0.0, -0.45, 0.3))
STRETCH_SIDE = CameraSpec(yaw_deg=90.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.3, 0.8))


# ------------------------------------------------------------------ squat reps
@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of a rep (down and up scale with the clip's tempo) and each one's jitter."""

    down_s: float
    up_s: float
    hold_s: float
    rest_s: float
    down_jitter: float
    up_jitter: float
    hold_jitter: float
    rest_jitter: float


def varied_reps(
    n: int, seed: int, faults: dict[int, str] | None, presets: dict[str | None, dict],
    draw_base: Callable[[np.random.Generator], dict[str, float]], tempo: Tempo, speed: float = 1.0,
) -> list[RepSpec]:
    """n reps with per-rep parameters from ``draw_base`` overridden by the fault preset of each faulty rep
    (a preset value may be a callable drawing from the clip's RNG); faults maps 1-based rep index -> code."""
    rng = np.random.default_rng(seed)
    faults = faults or {}
    reps = []
    for i in range(1, n + 1):
        base = draw_base(rng)
        code = faults.get(i)
        params = base | presets.get(code, {})
        params = {k: float(v(rng)) if callable(v) else v for k, v in params.items()}
        reps.append(
            RepSpec(
                down_s=jitter(rng, tempo.down_s * speed, tempo.down_jitter),
                hold_s=jitter(rng, tempo.hold_s, tempo.hold_jitter),
                up_s=jitter(rng, tempo.up_s * speed, tempo.up_jitter),
                rest_s=jitter(rng, tempo.rest_s, tempo.rest_jitter),
                faults=(code,) if code else (),
                params=params,
            )
        )
    return reps


SQUAT_TEMPO = Tempo(down_s=1.35, up_s=1.1, hold_s=0.3, rest_s=0.55, down_jitter=0.2, up_jitter=0.2, hold_jitter=0.4, rest_jitter=0.3)


def _squat_base(rng: np.random.Generator) -> dict[str, float]:
    return {
        "knee": float(rng.uniform(64.0, 82.0)),
        "shin": float(rng.uniform(30.0, 34.0)),
        "trunk": float(rng.uniform(34.0, 40.0)),
    }


def squat_reps(n: int, seed: int, faults: dict[int, str] | None = None, tempo: float = 1.0) -> list[RepSpec]:
    """n squat reps with varied depth/tempo; faults maps 1-based rep index -> fault code."""
    return varied_reps(n, seed, faults, SQUAT_FAULTS, _squat_base, SQUAT_TEMPO, tempo)


SQUAT_FAULTS: dict[str | None, dict] = {
    "shallow": {"knee": lambda r: r.uniform(124.0, 130.0), "shin": 15.0, "trunk": 18.0},
    "torso_lean": {"knee": lambda r: r.uniform(64.0, 70.0), "shin": 24.0, "trunk": lambda r: r.uniform(66.0, 70.0)},
    "knees_past_toes": {"knee": lambda r: r.uniform(64.0, 70.0), "shin": lambda r: r.uniform(47.0, 50.0), "trunk": 22.0},
    "heels_lift": {"knee": lambda r: r.uniform(64.0, 70.0), "shin": 40.0, "trunk": 30.0, "heel": lambda r: r.uniform(19.5, 20.5)},
    "knees_cave": {"cave": lambda r: r.uniform(18.0, 21.0)},
}


def _squat(name: str, seed: int, faults: dict[int, str] | None = None, n: int = 5, **kw) -> ClipSpec:
    return ClipSpec(name=name, script=SquatScript(squat_reps(n, seed, faults)), seed=seed, **kw)


# ------------------------------------------------------------------ bridge reps
def bridge_reps(n: int, seed: int, faults: dict[int, str] | None = None, hold_s: float = 2.2) -> list[RepSpec]:
    rng = np.random.default_rng(seed)
    faults = faults or {}
    reps = []
    for i in range(1, n + 1):
        code = faults.get(i)
        params: dict[str, float] = {"line_offset": float(rng.uniform(-1.5, 1.5))}
        hold = jitter(rng, hold_s, 0.08)
        if code == "hips_low":
            params = {"shk_deg": float(rng.uniform(148.0, 152.0))}
        elif code == "over_arch":
            params = {"shk_deg": float(rng.uniform(195.0, 198.0))}
        elif code == "no_hold":
            hold = float(rng.uniform(0.05, 0.2))
        reps.append(
            RepSpec(
                down_s=jitter(rng, 1.25, 0.15), hold_s=hold, up_s=jitter(rng, 1.25, 0.15),
                rest_s=jitter(rng, 0.6, 0.2), faults=(code,) if code else (), params=params,
            )
        )  # fmt: skip
    return reps


def _bridge(name: str, seed: int, faults: dict[int, str] | None = None, n: int = 4, **kw) -> ClipSpec:
    return ClipSpec(
        name=name, script=BridgeScript(bridge_reps(n, seed, faults, **kw)), camera=BRIDGE_SIDE,
        seed=seed, room=_MAT_ROOM,
    )  # fmt: skip


# ------------------------------------------------------------------ lunge reps
# Side camera aimed a little behind the start spot: the hips travel ~0.35 m back, the back foot ~0.9 m.
LUNGE_SIDE = CameraSpec(yaw_deg=90.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.3, 0.8))
LUNGE_OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, target=(0.0, 0.3, 0.8))


LUNGE_TEMPO = Tempo(down_s=0.95, up_s=0.85, hold_s=0.25, rest_s=0.4, down_jitter=0.12, up_jitter=0.12, hold_jitter=0.3, rest_jitter=0.3)


def _lunge_base(rng: np.random.Generator) -> dict[str, float]:
    return {
        "front_knee": float(rng.uniform(80.0, 86.0)),
        "front_shin": float(rng.uniform(5.0, 9.0)),
        "trunk": float(rng.uniform(6.0, 16.0)),
        "heel": float(rng.uniform(45.0, 55.0)),
        "step_extra_m": float(rng.uniform(0.0, 0.04)),
    }


def lunge_reps(n: int, seed: int, faults: dict[int, str] | None = None, tempo: float = 1.0) -> list[RepSpec]:
    """n alternating reverse lunges; faults maps 1-based rep index -> fault code (LUNGE_FAULTS).

    Clean bottom (commanded planar angles, deg): front knee 80-86, front shin 5-9 from vertical,
    trunk 6-16 forward, back heel raised 45-55; the step (~0.9 m) puts the back thigh about under
    the hip, the back knee ~5-8 cm above the floor.  A shallow rep's step is sized the same way for
    its own depth (~0.8 m, back leg nearly straight), so the back foot still lands."""
    return varied_reps(n, seed, faults, LUNGE_FAULTS, _lunge_base, LUNGE_TEMPO, tempo)


LUNGE_FAULTS: dict[str | None, dict] = {
    # a half lunge: the front knee stops at ~114-120 deg (thigh ~30 deg below horizontal), hips
    # 0.75-0.79 leg lengths above the front ankle (clean reps: ~0.55), back knee ~25 cm up
    "shallow": {"front_knee": lambda r: r.uniform(114.0, 120.0), "front_shin": 4.0, "trunk": 6.0},
    # chest dropped toward the front thigh: trunk ~58-62 deg from vertical
    "torso_lean": {"trunk": lambda r: r.uniform(58.0, 62.0)},
    # short step, the front knee driven far forward (heel still down): shin ~55 deg
    "front_knee_past_toes": {"front_shin": lambda r: r.uniform(54.0, 57.0), "front_knee": 95.0, "step_m": 0.45},
}


def _lunge(name: str, seed: int, faults: dict[int, str] | None = None, n: int = 5, camera: CameraSpec = LUNGE_SIDE, **kw) -> ClipSpec:
    return ClipSpec(name=name, script=LungeScript(lunge_reps(n, seed, faults), lead_in_s=0.8, tail_s=0.8), camera=camera, seed=seed, **kw)


from .scene import RoomSpec  # noqa: E402

# LEFT knee down 30 s with a break in the middle (up, stand 3 s, down again), a ~4 s break standing,
# RIGHT knee down 30 s.
STRETCH_PHASES: list[tuple[str, float]] = [
    ("stand", 1.5), ("down:L", 2.5), ("hold:L", 14.0), ("up:L", 2.0), ("stand", 3.0), ("down:L", 2.5),
    ("hold:L", 16.0), ("up:L", 2.0),
    ("stand", 4.0), ("down:R", 2.5), ("hold:R", 30.0), ("up:R", 2.0), ("stand", 1.0),
]  # fmt: skip

_MAT_ROOM = RoomSpec(mat_rgb=(0.25, 0.45, 0.55))

CLIPS: list[ClipSpec] = [
    _squat("squat_side_clean", seed=1, camera=SIDE),
    _squat("squat_side_shallow", seed=2, faults={2: "shallow", 4: "shallow"}, camera=SIDE),
    _squat("squat_side_torso_lean", seed=3, faults={2: "torso_lean", 3: "torso_lean", 5: "torso_lean"}, camera=SIDE),
    _squat("squat_side_knees_forward", seed=4, faults={1: "knees_past_toes", 2: "knees_past_toes", 4: "knees_past_toes"}, camera=SIDE),
    _squat("squat_side_heels_lift", seed=5, faults={2: "heels_lift", 3: "heels_lift", 4: "heels_lift"}, camera=SIDE),
    _squat("squat_front_clean", seed=6, camera=FRONT),
    _squat("squat_front_knees_cave", seed=7, faults={2: "knees_cave", 3: "knees_cave", 5: "knees_cave"}, camera=FRONT),
    _bridge("bridge_side_clean", seed=11),
    _bridge("bridge_side_low", seed=12, faults={2: "hips_low", 4: "hips_low"}),
    _bridge("bridge_side_no_hold", seed=13, faults={i: "no_hold" for i in range(1, 5)}),
    _bridge("bridge_side_over_arch", seed=14, faults={2: "over_arch", 3: "over_arch"}),
    ClipSpec(
        name="hip_flexor_stretch_side", script=StretchScript(STRETCH_PHASES, seed=21), camera=STRETCH_SIDE,
        fps=15.0, seed=21, room=RoomSpec(mat_rgb=(0.45, 0.25, 0.45), mat_center_y=0.2, seed=3),
    ),
    _squat("squat_side_clean_body2", seed=1, camera=SIDE, body=OLDER_WOMAN),
    _squat("squat_side_clean_body3", seed=1, camera=SIDE_FAR, body=TALL_THIN_MAN),
    _squat("squat_oblique_clean", seed=8, camera=OBLIQUE),
    _squat("squat_side_portrait", seed=9, camera=PORTRAIT),
    ClipSpec(
        name="squat_side_person_leaves",
        script=LeaveAndReturnScript(squat_reps(3, 31), squat_reps(3, 32)),
        camera=SIDE, seed=31,
    ),
    ClipSpec(name="empty_room", script=EmptyScript(10.0), camera=SIDE, body=None, seed=0),
    _lunge("lunge_side_clean", seed=41),
    _lunge("lunge_side_lean", seed=42, faults={4: "torso_lean"}),
    _lunge("lunge_oblique_clean", seed=43, camera=LUNGE_OBLIQUE),
]
