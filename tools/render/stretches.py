"""The 30-second floor stretches of issue 14: postures built from limb targets, and a hold script.

Each stretch is planned in the *standing body frame* (the rest pose: +Z up the spine, front -Y, left +X) as two
configurations, the start position (k = 0) and the stretch (k = 1): where each ankle and wrist goes (relative to
the hips and shoulders) and which way each knee and elbow points (a pole).  A frame blends the two by k, solves
every limb by two-bone IK toward its target, turns the body onto the floor with a base rotation (on the back:
``SUPINE_DEG``) and plants its lowest surface point on the floor (``floor.plant``).  Gentle rocking is a signed
wave ``rock`` in [-1, 1] that each stretch turns into a small movement about the held position.

The script lays out phases ('rest', 'in', 'hold', 'rock', 'out', each with a side) and writes the truth holds:
the hold and rock phases of each side, in seconds (the position is held throughout a rock phase).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial.transform import Rotation  # scipy comes with pyrender (the render extra)

from .body import AnnyBody, PoseBatch
from .exercises import Animation, concat_poses
from .floor import SIGN, plant
from .geometry import rot_x, rot_y, rot_z, smoothstep
from .postures import SUPINE_DEG

Vec = np.ndarray  # (n, 3) per frame, or (3,)
ROCK_PERIOD_S = 3.0  # a slow breath-paced rock: 2-4 s a cycle


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _perp(v: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """v without its component along the unit ``axis`` (not normalised)."""
    return v - np.sum(v * axis, axis=-1, keepdims=True) * axis


def _frames(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = _unit(a)
    c = _unit(np.cross(a, b))
    return np.stack([a, np.cross(c, a), c], axis=-1)


def frame_rotations(src_a: np.ndarray, src_b: np.ndarray, dst_a: np.ndarray, dst_b: np.ndarray) -> np.ndarray:
    """(n, 3, 3): takes src_a onto dst_a and the plane (src_a, src_b) onto (dst_a, dst_b); batched ``dst``."""
    src = _frames(np.broadcast_to(src_a, dst_a.shape), np.broadcast_to(src_b, dst_a.shape))
    return _frames(dst_a, dst_b) @ np.swapaxes(src, -1, -2)


def two_bone(root: np.ndarray, target: np.ndarray, upper: float, lower: float, pole: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Middle joint and end of a two-bone chain reaching for ``target``, bent toward ``pole`` (an out-of-reach
    target leaves the chain straight toward it)."""
    d = target - root
    dist = np.clip(np.linalg.norm(d, axis=-1, keepdims=True), 1e-6, upper + lower - 1e-4)
    u = _unit(d)
    side = _unit(_perp(pole, u))
    x = (upper**2 - lower**2 + dist**2) / (2 * dist)
    h = np.sqrt(np.clip(upper**2 - x**2, 0.0, None))
    return root + u * x + side * h, root + u * dist


def slerp(a: np.ndarray, b: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Per-frame rotation from ``a`` (k = 0) to ``b`` (k = 1); a and b are (3, 3) or (n, 3, 3)."""
    n = len(k)
    a, b = np.broadcast_to(a, (n, 3, 3)), np.broadcast_to(b, (n, 3, 3))
    rel = Rotation.from_matrix(np.swapaxes(a, -1, -2) @ b).as_rotvec()
    return a @ Rotation.from_rotvec(rel * np.asarray(k)[:, None]).as_matrix()


@dataclass
class Limbs:
    """Body-frame plan of one frame batch: absolute targets (the hips and shoulders as posed by the spine)."""

    ankle: dict[str, Vec] = field(default_factory=dict)
    knee_pole: dict[str, Vec] = field(default_factory=dict)
    foot: dict[str, np.ndarray] = field(default_factory=dict)  # body-frame rotation (n, 3, 3); unset: follows the shin
    wrist: dict[str, Vec] = field(default_factory=dict)
    elbow_pole: dict[str, Vec] = field(default_factory=dict)


@dataclass(frozen=True)
class Geometry:
    thigh: float
    shin: float
    upper_arm: float
    forearm: float

    @property
    def leg(self) -> float:
        return self.thigh + self.shin

    @property
    def arm(self) -> float:
        return self.upper_arm + self.forearm


def geometry(body: AnnyBody) -> Geometry:
    h = lambda b: body.head(b)  # noqa: E731
    return Geometry(
        thigh=float(np.linalg.norm(h("lowerleg01.L") - h("upperleg01.L"))),
        shin=float(np.linalg.norm(h("foot.L") - h("lowerleg01.L"))),
        upper_arm=float(np.linalg.norm(h("lowerarm01.L") - h("upperarm01.L"))),
        forearm=float(np.linalg.norm(h("wrist.L") - h("lowerarm01.L"))),
    )


def joints_of(body: AnnyBody, spine: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Hip and shoulder joint positions (n, 3) in the body frame once the spine rotations are applied."""
    pose = PoseBatch(n)
    for seg, rot in spine.items():
        pose.set(seg, rot)
    heads = body.fk_heads(pose)
    out = {}
    for sd in "LR":
        out[f"hip_{sd}"] = heads[:, body.labels.index(f"upperleg01.{sd}")]
        out[f"shoulder_{sd}"] = heads[:, body.labels.index(f"upperarm01.{sd}")]
    return out


def assemble(body: AnnyBody, n: int, base: np.ndarray, spine: dict[str, np.ndarray], limbs: Limbs, g: Geometry) -> PoseBatch:
    """Solve the limbs in the body frame, turn everything by ``base`` (body frame -> world)."""
    at = joints_of(body, spine, n)
    rots: dict[str, np.ndarray] = {seg: np.broadcast_to(rot, (n, 3, 3)) for seg, rot in spine.items()}
    front = np.array([0.0, -1.0, 0.0])
    for sd in "LR":
        hip, rest_knee, rest_ankle = (body.head(f"{b}.{sd}") for b in ("upperleg01", "lowerleg01", "foot"))
        pole = np.broadcast_to(limbs.knee_pole[sd], (n, 3))
        knee, ankle = two_bone(at[f"hip_{sd}"], limbs.ankle[sd], g.thigh, g.shin, pole)
        t, s = _unit(knee - at[f"hip_{sd}"]), _unit(ankle - knee)
        rots[f"thigh_{sd}"] = frame_rotations(rest_knee - hip, front, t, _perp(-s, t) + 0.2 * _perp(pole, t))
        rots[f"shin_{sd}"] = frame_rotations(rest_ankle - rest_knee, front, s, _perp(t, s) + 0.2 * _perp(pole, s))
        if sd in limbs.foot:
            rots[f"foot_{sd}"] = np.broadcast_to(limbs.foot[sd], (n, 3, 3))
            rots[f"toes_{sd}"] = rots[f"foot_{sd}"]
        sh, rest_elbow, rest_wrist = (body.head(f"{b}.{sd}") for b in ("upperarm01", "lowerarm01", "wrist"))
        pole = np.broadcast_to(limbs.elbow_pole[sd], (n, 3))
        elbow, wrist = two_bone(at[f"shoulder_{sd}"], limbs.wrist[sd], g.upper_arm, g.forearm, pole)
        u, f = _unit(elbow - at[f"shoulder_{sd}"]), _unit(wrist - elbow)
        rots[f"upperarm_{sd}"] = frame_rotations(rest_elbow - sh, front, u, _perp(f, u) - 0.2 * _perp(pole, u))
        rots[f"forearm_{sd}"] = frame_rotations(rest_wrist - rest_elbow, front, f, _perp(-u, f) - 0.2 * _perp(pole, f))
    pose = PoseBatch(n)
    for seg, rot in rots.items():
        pose.set(seg, np.broadcast_to(base, (n, 3, 3)) @ rot)
    return pose


def _lerp(a: np.ndarray, b: np.ndarray, k: np.ndarray) -> np.ndarray:
    return a + (b - a) * np.asarray(k)[:, None]


# ------------------------------------------------------------------ on the back: hook lying (the start position)
HOOK_THIGH_RISE_DEG = 50.0  # knees bent, feet flat: the thighs rise ~45-55 deg from the floor
HOOK_ANKLE_REACH = 0.69  # hip to ankle in leg lengths: a knee bent ~85-90 deg
KNEE_HALF_GAP_M = 0.06  # knees together: the knee joint centres ~12 cm apart
FOOT_FLAT_SUPINE = rot_x(90.0)  # on the back: the sole toward the floor (+Y in the body frame), toes to the feet end
SOLES_UP_SUPINE = rot_x(-90.0)  # on the back: the soles to the ceiling


def hook_lying(at: dict[str, np.ndarray], g: Geometry, n: int, knees_together: bool = False) -> Limbs:
    """On the back, knees bent, feet flat and hip-width apart, arms alongside the body."""
    limbs = Limbs()
    mid_x = (at["hip_L"][:, 0] + at["hip_R"][:, 0]) / 2
    for sd in "LR":
        s = SIGN[sd]
        hip = at[f"hip_{sd}"]
        reach = HOOK_ANKLE_REACH * g.leg
        ankle = hip + np.array([0.0, 0.02, -reach])
        if knees_together:
            ankle[:, 0] = mid_x + s * KNEE_HALF_GAP_M
        limbs.ankle[sd] = ankle
        limbs.knee_pole[sd] = np.array([0.0, -1.0, 0.0])
        limbs.foot[sd] = np.broadcast_to(FOOT_FLAT_SUPINE, (n, 3, 3))
        limbs.wrist[sd] = at[f"shoulder_{sd}"] + np.array([s * 0.12, 0.03, -g.arm])
        limbs.elbow_pole[sd] = np.array([s * 1.0, 0.0, 0.0])
    return limbs


def blend_limbs(a: Limbs, b: Limbs, k: np.ndarray) -> Limbs:
    out = Limbs()
    n = len(k)
    for name in ("ankle", "knee_pole", "wrist", "elbow_pole"):
        for sd in "LR":
            va, vb = (np.broadcast_to(getattr(x, name)[sd], (n, 3)) for x in (a, b))
            getattr(out, name)[sd] = _lerp(va, vb, k)
    for sd in "LR":
        fa, fb = a.foot.get(sd), b.foot.get(sd)
        if fa is not None and fb is not None:
            out.foot[sd] = slerp(fa, fb, k)
    return out


def _supine_spine(n: int, roll_pelvis: np.ndarray | float = 0.0, roll_lower: np.ndarray | float = 0.0,
                  neck_turn: np.ndarray | float = 0.0, head_turn: np.ndarray | float = 0.0) -> dict[str, np.ndarray]:
    """Body-frame spine rotations: rolls about the long axis (+ toward the left), head turned (+ to the left)."""
    z = lambda v: np.broadcast_to(rot_z(np.broadcast_to(v, (n,))), (n, 3, 3))  # noqa: E731
    return {"pelvis": z(roll_pelvis), "spine_lower": z(roll_lower), "spine_upper": z(0.0), "neck": z(neck_turn), "head": z(head_turn)}


Posture = Callable[[AnnyBody, np.ndarray, np.ndarray, str], PoseBatch]


def _supine_finish(body: AnnyBody, pose: PoseBatch) -> PoseBatch:
    plant(body, pose, "root", (0.0, 0.0))
    return pose


# ------------------------------------------------------------------ double hip rotation
DHR_DROP_DEG = 70.0  # both knees lowered this far to the side (a comfortable range, knees ~20 cm off the floor)
DHR_PELVIS_ROLL_DEG = 30.0  # the pelvis rolls with the knees, the lower spine half as much; the shoulders stay flat
DHR_HEAD_TURN_DEG = 50.0  # the head turned the other way
DHR_ROCK_DEG = 8.0  # gentle rocking: the knees sway this much about the held position


def double_hip_rotation_pose(body: AnnyBody, k: np.ndarray, rock: np.ndarray, side: str) -> PoseBatch:
    """On the back, knees together lowered to ``side`` by k * DHR_DROP_DEG (+ rocking)."""
    n, s, g = len(k), SIGN[side], geometry(body)
    drop = s * (k * DHR_DROP_DEG + rock * DHR_ROCK_DEG)
    spine = _supine_spine(n, s * k * DHR_PELVIS_ROLL_DEG, s * k * DHR_PELVIS_ROLL_DEG / 2, -s * k * 20.0, -s * k * DHR_HEAD_TURN_DEG)
    flat = joints_of(body, _supine_spine(n), n)
    centre = (flat["hip_L"] + flat["hip_R"]) / 2
    hook = hook_lying(flat, g, n, knees_together=True)
    turn = rot_z(drop)  # about the body's long axis through the hips: the knees go to +X (left) for drop > 0
    limbs = Limbs()
    for sd in "LR":
        limbs.ankle[sd] = centre + np.einsum("fij,fj->fi", turn, hook.ankle[sd] - centre)
        limbs.knee_pole[sd] = np.einsum("fij,j->fi", turn, np.array([0.0, -1.0, 0.0]))
        limbs.foot[sd] = turn @ FOOT_FLAT_SUPINE
        limbs.wrist[sd] = flat[f"shoulder_{sd}"] + np.array([SIGN[sd] * g.arm, 0.03, 0.08])
        limbs.elbow_pole[sd] = np.array([0.0, 0.0, 1.0])
    # arms: from alongside the body (k = 0) out to the sides, as the knees go down
    arms_start = hook_lying(flat, g, n)
    for sd in "LR":
        limbs.wrist[sd] = _lerp(np.broadcast_to(arms_start.wrist[sd], (n, 3)), limbs.wrist[sd], np.clip(2 * k, 0, 1))
    return _supine_finish(body, assemble(body, n, rot_x(SUPINE_DEG), spine, limbs, g))


# ------------------------------------------------------------------ figure four
F4_SUPPORT_RISE_DEG = 80.0  # the supporting thigh pulled toward the chest: 70-90 deg above the floor
F4_ROCK_DEG = 6.0  # gentle rocking: the pull eased and renewed by this much
F4_ANKLE_ALONG_THIGH = 0.85  # the crossed ankle rests on the thigh just above the knee


def figure_four_pose(body: AnnyBody, k: np.ndarray, rock: np.ndarray, side: str) -> PoseBatch:
    """On the back, the ``side`` ankle crossed over the other thigh, that thigh pulled up (k = 1)."""
    n, s, g = len(k), SIGN[side], geometry(body)
    other = "R" if side == "L" else "L"
    spine = _supine_spine(n)
    at = joints_of(body, spine, n)
    start = hook_lying(at, g, n)
    rise = np.radians(F4_SUPPORT_RISE_DEG + rock * F4_ROCK_DEG)[:, None]
    thigh = np.concatenate([np.zeros((n, 1)), -np.sin(rise), -np.cos(rise)], axis=1)  # up (-Y) and toward the feet
    toward_feet = np.concatenate([np.zeros((n, 1)), np.cos(rise), -np.sin(rise)], axis=1)  # perpendicular, shin level
    knee = at[f"hip_{other}"] + g.thigh * thigh
    stretch = Limbs()
    stretch.ankle[other] = knee + g.shin * toward_feet
    stretch.knee_pole[other] = thigh - toward_feet
    rest_on = at[f"hip_{other}"] + F4_ANKLE_ALONG_THIGH * g.thigh * thigh + 0.08 * toward_feet
    stretch.ankle[side] = rest_on + np.array([s * 0.03, 0.0, 0.0])
    stretch.knee_pole[side] = np.array([s * 1.0, -0.3, 0.0])
    behind = at[f"hip_{other}"] + 0.6 * g.thigh * thigh - 0.08 * toward_feet
    for sd in "LR":
        stretch.wrist[sd] = behind + np.array([SIGN[sd] * 0.07, 0.0, 0.0])
        stretch.elbow_pole[sd] = np.array([SIGN[sd] * 1.0, 0.6, 0.0])
    limbs = blend_limbs(start, stretch, k)
    limbs.foot = {}  # set below, once the shins are known
    pose = assemble(body, n, rot_x(SUPINE_DEG), spine, limbs, g)
    flat = rot_x(SUPINE_DEG) @ FOOT_FLAT_SUPINE
    lifted = smoothstep(np.clip(k * 2.0, 0.0, 1.0))  # the feet leave the floor in the first half of the move
    for sd in "LR":
        pose.set(f"foot_{sd}", slerp(flat, pose.rotations[f"shin_{sd}"], lifted))  # up: a neutral ankle
        pose.set(f"toes_{sd}", pose.rotations[f"foot_{sd}"])
    return _supine_finish(body, pose)


# ------------------------------------------------------------------ happy baby
HB_REACH = 0.97  # the hands hold the outer feet with the arms nearly straight up (the feet come to the hands)
HB_HANDS_OUT_M = 0.10  # each hand a little outside its shoulder
HB_TOWARD_FEET_M = 0.06  # ... and a little toward the feet
HB_ROCK_DEG = 7.0  # rocking side to side on the back


def happy_baby_pose(body: AnnyBody, k: np.ndarray, rock: np.ndarray, side: str) -> PoseBatch:
    """On the back (k = 0: knees bent, feet flat) to happy baby (k = 1): knees wide toward the armpits, shins up,
    each hand holding the outside of its foot above the shoulder."""
    n, g = len(k), geometry(body)
    spine = _supine_spine(n)
    at = joints_of(body, spine, n)
    start = hook_lying(at, g, n)
    stretch = Limbs()
    for sd in "LR":
        s = SIGN[sd]
        reach = HB_REACH * g.arm
        wrist = at[f"shoulder_{sd}"] + np.array([s * HB_HANDS_OUT_M, -np.sqrt(reach**2 - HB_HANDS_OUT_M**2 - HB_TOWARD_FEET_M**2), -HB_TOWARD_FEET_M])
        stretch.wrist[sd] = wrist
        stretch.elbow_pole[sd] = np.array([s * 1.0, 0.3, 0.0])
        stretch.ankle[sd] = wrist + np.array([-s * 0.04, 0.0, 0.0])  # the hand on the outer edge of the foot
        stretch.knee_pole[sd] = np.array([s * 0.7, -0.5, 0.6])  # knees out, up and toward the armpits
        stretch.foot[sd] = np.broadcast_to(SOLES_UP_SUPINE, (n, 3, 3))
    limbs = blend_limbs(start, stretch, k)
    base = rot_x(SUPINE_DEG) @ rot_z(rock * HB_ROCK_DEG)
    return _supine_finish(body, assemble(body, n, base, spine, limbs, g))


# ------------------------------------------------------------------ butterfly (seated)
BF_LEAN_DEG = 30.0  # leaning forward from the hips with a long back
BF_START_LEAN_DEG = 5.0
BF_ROCK_DEG = 6.0  # rocking: the lean eased and renewed
BF_HEELS_IN = 0.42  # the heels pulled in: ankles this many leg lengths in front of the hips
BF_KNEE_UP = 0.45  # the knees' pole: out to the side, a little up


def _seated_spine(n: int, lean: np.ndarray) -> dict[str, np.ndarray]:
    x = lambda v: rot_x(np.asarray(v))  # noqa: E731
    return {"pelvis": x(0.45 * lean), "spine_lower": x(0.75 * lean), "spine_upper": x(lean), "neck": x(0.8 * lean), "head": x(0.6 * lean)}


def butterfly_pose(body: AnnyBody, k: np.ndarray, rock: np.ndarray, side: str) -> PoseBatch:
    """Seated on the floor: long sitting (k = 0) to soles together, heels in, knees out, leaning forward (k = 1)."""
    n, g = len(k), geometry(body)
    lean = BF_START_LEAN_DEG + k * (BF_LEAN_DEG - BF_START_LEAN_DEG) + rock * BF_ROCK_DEG
    spine = _seated_spine(n, lean)
    at = joints_of(body, spine, n)
    centre = (at["hip_L"] + at["hip_R"]) / 2
    start, stretch = Limbs(), Limbs()
    for sd in "LR":
        s = SIGN[sd]
        start.ankle[sd] = at[f"hip_{sd}"] + np.array([0.0, -g.leg, -0.03])
        start.knee_pole[sd] = np.array([0.0, 0.0, 1.0])
        start.foot[sd] = rot_x(-90.0)  # toes up
        start.wrist[sd] = at[f"hip_{sd}"] + np.array([s * 0.16, 0.02, 0.0])
        start.elbow_pole[sd] = np.array([0.0, 1.0, 0.0])
        ankle = centre + np.array([s * 0.07, -BF_HEELS_IN * g.leg, -0.04])
        stretch.ankle[sd] = ankle
        stretch.knee_pole[sd] = np.array([s * 1.0, 0.0, BF_KNEE_UP])
        stretch.foot[sd] = rot_y(s * 90.0)  # the sole toward the other foot, toes forward
        stretch.wrist[sd] = ankle + np.array([s * 0.02, -0.1, 0.03])
        stretch.elbow_pole[sd] = np.array([s * 1.0, 0.5, 0.0])
    limbs = blend_limbs(start, stretch, k)
    pose = assemble(body, n, np.eye(3), spine, limbs, g)
    plant(body, pose, "root", (0.0, 0.0))
    return pose


# ------------------------------------------------------------------ pigeon
PG_LEAN_DEG = 25.0  # upright on the hands
PG_START_LEAN_DEG = 72.0  # on hands and knees
PG_ROCK_DEG = 5.0  # the hips sway: pelvis roll and lean


def pigeon_pose(body: AnnyBody, k: np.ndarray, rock: np.ndarray, side: str) -> PoseBatch:
    """From hands and knees (k = 0) to pigeon with the ``side`` shin in front and the other leg long behind."""
    n, s, g = len(k), SIGN[side], geometry(body)
    other = "R" if side == "L" else "L"
    lean = PG_START_LEAN_DEG + k * (PG_LEAN_DEG - PG_START_LEAN_DEG) + rock * PG_ROCK_DEG
    spine = _seated_spine(n, lean)
    spine["pelvis"] = spine["pelvis"] @ rot_y(np.broadcast_to(-s * rock * PG_ROCK_DEG, (n,)))
    at = joints_of(body, spine, n)
    start, stretch = Limbs(), Limbs()
    for sd in "LR":
        start.ankle[sd] = at[f"hip_{sd}"] + np.array([0.0, g.shin, -g.thigh])
        start.knee_pole[sd] = np.array([0.0, -1.0, 0.0])
        start.foot[sd] = rot_x(180.0)
        start.wrist[sd] = at[f"shoulder_{sd}"] + np.array([0.0, -0.05, -g.arm])
        start.elbow_pole[sd] = np.array([0.0, 1.0, 0.0])
        stretch.wrist[sd] = at[f"shoulder_{sd}"] + np.array([SIGN[sd] * 0.04, -0.12, -g.arm])
        stretch.elbow_pole[sd] = np.array([0.0, 1.0, 0.0])
    thigh = _unit(np.array([s * 0.3, -1.0, -0.12]))
    knee = at[f"hip_{side}"] + g.thigh * thigh
    shin = _unit(np.array([-s * 1.0, -0.25, 0.0]))
    stretch.ankle[side] = knee + g.shin * shin
    stretch.knee_pole[side] = thigh - shin
    stretch.foot[side] = rot_y(-s * 90.0) @ rot_x(-90.0)
    stretch.ankle[other] = at[f"hip_{other}"] + 0.985 * g.leg * _unit(np.array([0.0, 1.0, -0.15]))
    stretch.knee_pole[other] = np.array([0.0, 0.0, -1.0])
    stretch.foot[other] = rot_x(180.0)
    limbs = blend_limbs(start, stretch, k)
    pose = assemble(body, n, np.eye(3), spine, limbs, g)
    plant(body, pose, "root", (0.0, 0.0))
    return pose


# ------------------------------------------------------------------ the hold script
@dataclass
class StretchHoldScript:
    """A stretch held per side: phases (kind, seconds) with kind 'rest', 'in:L', 'hold:L', 'rock:L', 'out:L', ...

    'in' eases into the position over its seconds, 'out' back to the start position; 'hold' and 'rock' are held
    (rocking gently in 'rock') and make the truth holds.  'L'/'R' is the side stretched (an exercise without sides
    uses 'L' for its posture and writes the side as 'hold')."""

    exercise: str
    posture: Posture
    phases: list[tuple[str, float]]
    sided: bool = True
    rock_period_s: float = ROCK_PERIOD_S

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        parts: list[PoseBatch] = []
        holds: dict[str, list[list[float]]] = {}
        frame = 0
        last_side = next((kind.partition(":")[2] for kind, _ in self.phases if ":" in kind), "L")
        for kind, seconds in self.phases:
            n = int(round(seconds * fps))
            action, _, side = kind.partition(":")
            side = side or last_side
            last_side = side
            t = (frame + np.arange(n)) / fps
            k = {"rest": np.zeros(n), "in": smoothstep(np.linspace(0, 1, n)), "hold": np.ones(n), "rock": np.ones(n),
                 "out": 1 - smoothstep(np.linspace(0, 1, n))}[action]  # fmt: skip
            rock = np.zeros(n)
            if action == "rock":  # a whole number of slow cycles, starting and ending at the held position
                cycles = max(1, round(seconds / self.rock_period_s))
                rock = np.sin(2 * np.pi * cycles * (t - t[0]) / seconds)
            parts.append(self.posture(body, k, rock, side))
            if action in ("hold", "rock"):
                key = ("left" if side == "L" else "right") if self.sided else "hold"
                holds.setdefault(key, []).append([round(frame / fps, 3), round((frame + n) / fps, 3)])
            frame += n
        hold_list = []
        for key, segments in holds.items():
            merged: list[list[float]] = []
            for seg in segments:  # a rock phase right after a hold phase is one segment
                if merged and abs(merged[-1][1] - seg[0]) < 1e-6:
                    merged[-1][1] = seg[1]
                else:
                    merged.append(list(seg))
            hold_list.append({"side": key, "segments": merged, "held_s": round(sum(b - a for a, b in merged), 3)})
        return Animation(self.exercise, frame, fps, concat_poses(parts), [], hold_list)


STRETCH_POSTURES: dict[str, Posture] = {
    "double_hip_rotation": double_hip_rotation_pose,
    "figure_four_stretch": figure_four_pose,
    "happy_baby": happy_baby_pose,
    "butterfly_stretch": butterfly_pose,
    "pigeon_pose": pigeon_pose,
}
UNSIDED = {"happy_baby", "butterfly_stretch"}
