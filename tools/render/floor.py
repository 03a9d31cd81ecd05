"""Floor and all-fours postures (issue 12): quadruped, side-lying, prone, supine variants.

A floor posture is built in the *standing body frame* (the rest pose: +Z up the spine, front -Y,
left +X) and turned onto the floor by a per-frame base rotation B, so "abduct the left leg" is
`rot_y(-deg)` whatever way the body lies.  Limbs that carry weight are set in the world frame
instead (a support thigh hangs straight down, a support arm points at the floor).

Contacts are planted on a surface proxy: every 4th rest vertex, carried rigidly by its dominant
bone (the skinning blends bones, so the proxy is within ~1 cm of the skinned surface).  The
lowest proxy point of a group (hands, knees, the whole body) is put on the floor (z = 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .body import AnnyBody, PoseBatch
from .exercises import Animation, blend
from .motion import RepSpec, Timeline, build_timeline
from .geometry import axis_angle, rot_x, rot_y, rot_z
from .postures import SIDES, set_arms

Channels = dict[str, np.ndarray]
SIGN = {"L": 1.0, "R": -1.0}
OTHER = {"L": "R", "R": "L"}
FLOOR_CLEARANCE_M = 0.003  # lowest surface point above the floor (no z-fighting with the floor/mat)


def other(side: str) -> str:
    return OTHER[side]


# ------------------------------------------------------------------ surface proxy
@dataclass(frozen=True)
class SurfaceProxy:
    """Subsampled rest vertices grouped by dominant bone: offsets from the bone head."""

    bones: tuple[int, ...]
    offsets: tuple[np.ndarray, ...]


def surface_proxy(body: AnnyBody, step: int = 4) -> SurfaceProxy:
    cached = getattr(body, "_floor_proxy", None)
    if cached is not None:
        return cached
    dom = body.dominant_bone()
    idx = np.arange(0, len(dom), step)
    bones, offsets = [], []
    for b in np.unique(dom[idx]):
        pts = body.ref_vertices[idx[dom[idx] == b]] - body.ref_heads[b]
        bones.append(int(b))
        offsets.append(pts.astype(np.float64))
    proxy = SurfaceProxy(tuple(bones), tuple(offsets))
    body._floor_proxy = proxy  # type: ignore[attr-defined]
    return proxy


def bones_of(body: AnnyBody, prefixes: tuple[str, ...]) -> set[int]:
    return {i for i, name in enumerate(body.labels) if name.startswith(prefixes)}


def lowest_z(body: AnnyBody, pose: PoseBatch, only: set[int] | None = None) -> np.ndarray:
    """(F,) lowest surface-proxy height of the posed body (or of the bones in `only`)."""
    proxy = surface_proxy(body)
    heads = body.fk_heads(pose)
    world = body.world_rotations(pose)
    low = np.full(pose.frames, np.inf)
    for b, off in zip(proxy.bones, proxy.offsets):
        if only is not None and b not in only:
            continue
        z = heads[:, b, 2:3] + np.einsum("fj,pj->fp", world[b][:, 2, :], off)
        low = np.minimum(low, z.min(axis=1))
    return low


def plant(body: AnnyBody, pose: PoseBatch, anchor_bone: str, anchor_xy: tuple[float, float], only: set[int] | None = None) -> None:
    """Root translation: lowest point (of `only`) on the floor, `anchor_bone`'s head at anchor_xy."""
    pose.root = np.zeros((pose.frames, 3))
    low = lowest_z(body, pose, only)
    head = body.fk_heads(pose)[:, body.labels.index(anchor_bone)]
    pose.root = np.stack([anchor_xy[0] - head[:, 0], anchor_xy[1] - head[:, 1], FLOOR_CLEARANCE_M - low], axis=1)


def _setb(pose: PoseBatch, seg: str, base: np.ndarray, local: np.ndarray | None = None) -> None:
    pose.set(seg, base if local is None else base @ local)


def _open_leg(body: AnnyBody, thigh: np.ndarray, shin: np.ndarray, side: str, deg: np.ndarray) -> np.ndarray:
    """Rotation (body frame) about the hip-ankle line that moves the knee away from the midline by deg."""
    h, k, a = (body.head(f"{b}.{side}") for b in ("upperleg01", "lowerleg01", "foot"))
    axis = thigh @ (k - h) + shin @ (a - k)
    rot = axis_angle(axis, deg)
    knee = thigh @ (k - h)
    moved = np.einsum("fij,fj->fi", rot, knee)
    outward = SIGN[side] * (moved[:, 0] - knee[:, 0]) >= 0
    flip = ~outward & (np.abs(deg) > 1e-6)
    rot[flip] = axis_angle(axis[flip], -deg[flip])
    return rot


def frame_rotation(src_a: np.ndarray, src_b: np.ndarray, dst_a: np.ndarray, dst_b: np.ndarray) -> np.ndarray:
    """The rotation taking direction src_a onto dst_a and the plane (src_a, src_b) onto (dst_a, dst_b)."""

    def frame(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        a = a / np.linalg.norm(a)
        c = np.cross(a, b)
        c /= np.linalg.norm(c)
        return np.stack([a, np.cross(c, a), c], axis=1)

    return frame(dst_a, dst_b) @ frame(src_a, src_b).T


def flat_hand(body: AnnyBody, side: str) -> np.ndarray:
    """World rotation laying a hand flat on the floor, fingers forward (-Y), palm down."""
    fingers = body.head(f"finger3-1.{side}") - body.head(f"wrist.{side}")
    palm = np.array([-SIGN[side], 0.0, 0.0])  # rest pose: the palms face the thighs
    return frame_rotation(fingers, palm, np.array([0.0, -1.0, 0.0]), np.array([0.0, 0.0, -1.0]))


# ------------------------------------------------------------------ quadruped
QUAD_HAND_BONES = ("wrist", "metacarpal", "finger")
QUAD_KNEE_BONES = ("lowerleg01", "lowerleg02")
QUAD_REST_ANKLE_DEG = 78.0  # resting foot plantar flexion: the top of the foot on the mat, toes pointing back
QUAD_KNEE_Y_M = 0.35  # the support knee's position along the body axis (the hands are ~0.65 m ahead, at -Y)


def quadruped_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Hands and knees; `side` ('L'/'R') is the working leg.  Channels (deg, per frame):
      thigh_pitch  working thigh swung back from hanging (90 = level, pointing back)
      abduct       working thigh swung out to its side (fire hydrant; 90 = level)
      knee_flex    working knee flexion (90 = the kneeling bend, 0 = straight)
      ankle        working foot plantar flexion relative to the shin (90 = lying on its top)
      arm_lift     the OPPOSITE arm raised forward (0 = support, 90 = level; bird dog)
      sag          lumbar extension, the belly sinks (back sagging/arching)
      pelvis_roll  pelvis rolled about the spine, the working side DOWN (hip dropping)
      trunk_roll   whole trunk rolled about the spine, the working side UP (weight shifted away)
      head         head/neck extension (looking forward instead of at the floor)
    The trunk pitch is solved per frame so the support hand(s) and knee both touch the floor."""
    n = len(ch["thigh_pitch"])
    s = SIGN[side]
    support, arm_side = other(side), other(side)
    hands = [sd for sd, _ in SIDES if not (sd == arm_side and np.any(ch["arm_lift"] > 0))]

    def build(pitch: np.ndarray) -> PoseBatch:
        pose = PoseBatch(n)
        base = rot_x(90.0 - pitch)
        trunk = base @ rot_z(s * ch["trunk_roll"])
        _setb(pose, "pelvis", trunk, rot_z(-s * ch["pelvis_roll"]))
        _setb(pose, "spine_lower", trunk, rot_x(ch["sag"]))
        upper = trunk @ rot_x(-0.5 * ch["sag"])
        pose.set("spine_upper", upper)
        _setb(pose, "neck", upper, rot_x(-0.5 * ch["head"]))
        _setb(pose, "head", upper, rot_x(-ch["head"]))
        pose.set(f"thigh_{support}", np.eye(3))
        pose.set(f"shin_{support}", rot_x(90.0))
        pose.set(f"foot_{support}", rot_x(90.0 + QUAD_REST_ANKLE_DEG))
        leg = rot_x(ch["thigh_pitch"]) @ rot_y(-s * ch["abduct"])
        pose.set(f"thigh_{side}", leg)
        pose.set(f"shin_{side}", leg @ rot_x(ch["knee_flex"]))
        pose.set(f"foot_{side}", leg @ rot_x(ch["knee_flex"] + ch["ankle"]))
        for sd, _ in SIDES:
            pose.set(f"toes_{sd}", pose.rotations[f"foot_{sd}"])
        lift = np.where(np.full(n, arm_side == "L"), ch["arm_lift"], 0.0), np.where(np.full(n, arm_side == "R"), ch["arm_lift"], 0.0)
        set_arms(pose, body, lift[0], np.full(n, 3.0), spread_deg=2.0, raise_right=lift[1])
        for sd in hands:
            pose.set(f"hand_{sd}", flat_hand(body, sd))
        return pose

    hand_bones = bones_of(body, tuple(f"{p}" for p in QUAD_HAND_BONES))
    hand_bones = {b for b in hand_bones if body.labels[b].endswith(tuple(f".{h}" for h in hands))}
    knee_bones = {b for b in bones_of(body, QUAD_KNEE_BONES) if body.labels[b].endswith(f".{support}")}
    lo, hi = np.full(n, -30.0), np.full(n, 40.0)
    for _ in range(22):  # bisection: raising the head end lifts the hands
        mid = (lo + hi) / 2
        pose = build(mid)
        pose.root = np.zeros((n, 3))
        up = lowest_z(body, pose, hand_bones) > lowest_z(body, pose, knee_bones)
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    pose = build((lo + hi) / 2)
    knee_x = float(body.head(f"lowerleg01.{support}")[0])
    plant(body, pose, f"lowerleg01.{support}", (knee_x, QUAD_KNEE_Y_M), knee_bones | hand_bones)
    return pose


# ------------------------------------------------------------------ scripts
Posture = Callable[[AnnyBody, Channels, str], PoseBatch]


@dataclass(frozen=True)
class FloorMove:
    """An exercise's motion: start/peak channel values (a rep's params override the peak)."""

    exercise: str
    posture: Posture
    start: dict[str, float]
    peak: dict[str, float]
    sided: bool = True


@dataclass
class FloorScript:
    """Reps of a floor exercise; each rep's `side` picks the working side ('L'/'R', None if unsided)."""

    move: FloorMove
    reps: list[RepSpec]
    lead_in_s: float = 1.0
    tail_s: float = 1.0

    @property
    def exercise(self) -> str:
        return self.move.exercise

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        tl = build_timeline(self.reps, fps, self.lead_in_s, self.tail_s)
        ch = blend(tl, self.move.start, self.move.peak)
        side_of_frame = frame_sides(tl, self.reps)
        poses = {sd: self.move.posture(body, ch, sd) for sd in sorted(set(side_of_frame))}
        pose = pick_poses(poses, side_of_frame)
        return Animation(self.move.exercise, tl.frames, fps, pose, tl.reps, sided=self.move.sided)


def frame_sides(tl: Timeline, reps: list[RepSpec]) -> np.ndarray:
    """Working side per frame: the rep's side, carried over the rest that follows it (the first
    rep's side before it); 'L' throughout for an exercise without sides."""
    first = next((r.side for r in reps if r.side), "L")
    out = np.full(tl.frames, first)
    for rep in tl.reps:
        if rep.spec.side:
            out[rep.start_frame :] = rep.spec.side
    return out


def pick_poses(poses: dict[str, PoseBatch], side_of_frame: np.ndarray) -> PoseBatch:
    if len(poses) == 1:
        return next(iter(poses.values()))
    n = len(side_of_frame)
    out = PoseBatch(n)
    keys = set().union(*(p.rotations for p in poses.values()))
    for key in keys:
        out.rotations[key] = np.tile(np.eye(3), (n, 1, 1))
        for sd, p in poses.items():
            m = side_of_frame == sd
            out.rotations[key][m] = p.rotations.get(key, np.tile(np.eye(3), (n, 1, 1)))[m]
    out.root = np.zeros((n, 3))
    for sd, p in poses.items():
        m = side_of_frame == sd
        out.root[m] = p.root_translation()[m]
    return out


QUAD_START = {"thigh_pitch": 0.0, "abduct": 0.0, "knee_flex": 90.0, "ankle": QUAD_REST_ANKLE_DEG, "arm_lift": 0.0, "sag": 0.0, "pelvis_roll": 0.0, "trunk_roll": 0.0, "head": 0.0}
BIRD_DOG = FloorMove("bird_dog", quadruped_pose, QUAD_START, QUAD_START | {"thigh_pitch": 90.0, "knee_flex": 0.0, "ankle": 0.0, "arm_lift": 90.0})
DONKEY_KICK = FloorMove("donkey_kick", quadruped_pose, QUAD_START, QUAD_START | {"thigh_pitch": 90.0, "ankle": 10.0})
FIRE_HYDRANT = FloorMove("fire_hydrant", quadruped_pose, QUAD_START, QUAD_START | {"abduct": 70.0})
