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
from dataclasses import dataclass, replace

import numpy as np

from .body import AnnyBody, PoseBatch
from .exercises import Animation, blend
from .geometry import pitch_to, rot_between, rot_x, rot_y, rot_z, smoothstep, solve_two_bone_2d
from .motion import RepSpec, Timeline, build_timeline
from .postures import (
    SIDES, SUPINE_DEG, BridgeGeometry, _medial_rotation, _plant_shoulders, _rot2, _to3, bridge_geometry, bridge_lift_for_angle, bridge_pose,
    bridge_rest_lift, plan_bridge, set_arms, signed_shk_2d,
)

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
    return _medial_rotation(thigh @ (k - h) + shin @ (a - k), thigh @ (k - h), -SIGN[side], deg)


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
        left, right = (ch["arm_lift"], np.zeros(n)) if arm_side == "L" else (np.zeros(n), ch["arm_lift"])
        set_arms(pose, body, left, np.full(n, 3.0), spread_deg=2.0, raise_right=right)
        for sd in hands:
            pose.set(f"hand_{sd}", flat_hand(body, sd))
        return pose

    hand_bones = {b for b in bones_of(body, QUAD_HAND_BONES) if body.labels[b].endswith(tuple(f".{h}" for h in hands))}
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


# ------------------------------------------------------------------ side-lying
def rest_leg_splay_deg(body: AnnyBody, side: str) -> float:
    """Frontal-plane angle of the rest hip->ankle line from the body axis (anny stands with its feet apart)."""
    v = body.head(f"foot.{side}") - body.head(f"upperleg01.{side}")
    return float(np.degrees(np.arctan2(abs(v[0]), -v[2])))


def side_lying_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Lying on one side, the camera in front; `side` ('L'/'R') is the TOP (working) leg.  Channels (deg):
      hip_base, knee_base  hip and knee flexion of both legs (0 / 0: legs straight; clamshell 45 / 90)
      abduct       top leg abduction against the line of the trunk (negative: resting on the bottom leg)
      flex         top leg hip flexion (the leg drifting forward, toward the camera)
      knee_flex    extra top knee flexion
      open         clamshell: top leg turned about its hip-ankle line, the knee up (hip external rotation)
      roll_back    whole body rolled back about its long axis (the chest turns up, the top hip goes back)
    The lowest surface point rests on the floor; the bottom hip stays at a fixed spot."""
    top, bottom = side, other(side)
    s = SIGN[top]
    n = len(ch["abduct"])
    base = rot_x(-ch["roll_back"]) @ rot_y(-90.0 * s)  # top side up, the front (-Y) toward the camera
    pose = PoseBatch(n)
    for seg in ("pelvis", "spine_lower", "spine_upper"):
        pose.set(seg, base)
    _setb(pose, "neck", base, rot_y(-s * 8.0))
    _setb(pose, "head", base, rot_y(-s * 18.0))
    flexed = rot_x(-ch["hip_base"])
    bottom_leg = rot_y(SIGN[bottom] * rest_leg_splay_deg(body, bottom)) @ flexed
    _setb(pose, f"thigh_{bottom}", base, bottom_leg)
    _setb(pose, f"shin_{bottom}", base, bottom_leg @ rot_x(ch["knee_base"]))
    top_leg = rot_x(-ch["flex"]) @ rot_y(s * rest_leg_splay_deg(body, top) - s * ch["abduct"]) @ flexed
    top_shin = top_leg @ rot_x(ch["knee_base"] + ch["knee_flex"])
    turn = _open_leg(body, top_leg, top_shin, top, ch["open"])
    _setb(pose, f"thigh_{top}", base, turn @ top_leg)
    _setb(pose, f"shin_{top}", base, turn @ top_shin)
    for sd in (top, bottom):
        pose.set(f"foot_{sd}", pose.rotations[f"shin_{sd}"] @ rot_x(15.0))
        pose.set(f"toes_{sd}", pose.rotations[f"foot_{sd}"])
    set_arms(pose, body, np.full(n, 165.0), np.full(n, 8.0), spread_deg=4.0, base=base, sides=(bottom,))
    set_arms(pose, body, np.full(n, 80.0), np.full(n, 65.0), spread_deg=-10.0, base=base, sides=(top,))
    plant(body, pose, f"upperleg01.{bottom}", (0.1 * s, 0.0))
    return pose


# ------------------------------------------------------------------ supine: single-leg bridge
BRIDGE_KNEE_TOP_DEG = 95.0  # working knee angle at the top of a bridge (as BridgeScript)


def _pitch(rot: np.ndarray) -> np.ndarray:
    """Angle (deg) of a batch of rot_x matrices."""
    return np.degrees(np.arctan2(rot[..., 2, 1], rot[..., 1, 1]))


def bridge_lift(body: AnnyBody, rise: np.ndarray, shk_peak: np.ndarray) -> np.ndarray:
    """Trunk lift (deg) per frame: from resting (rise 0) to the lift giving shoulder-hip-knee shk_peak (rise 1)."""
    rest = bridge_rest_lift(body)
    top = np.empty_like(shk_peak)
    for value in np.unique(shk_peak):
        top[shk_peak == value] = bridge_lift_for_angle(body, float(value), BRIDGE_KNEE_TOP_DEG)
    return rest + rise * (top - rest)


def resolve_bridge_leg(body: AnnyBody, pose: PoseBatch, side: str, ankle_yz: np.ndarray) -> None:
    """Re-solve one leg's thigh and shin pitches (planar two-bone IK) so its ankle stays at ankle_yz
    after the pelvis moved its hip."""
    g = bridge_geometry(body)
    hip = body.fk_heads(pose)[:, body.labels.index(f"upperleg01.{side}"), 1:]
    ankle = np.broadcast_to(ankle_yz, hip.shape)
    knee = solve_two_bone_2d(hip, ankle, g.thigh_len, g.shin_len, -1.0)
    h, k, a = (body.head(f"{b}.{side}") for b in ("upperleg01", "lowerleg01", "foot"))
    pose.set(f"thigh_{side}", rot_x(pitch_to(k - h, _to3(knee - hip))))
    pose.set(f"shin_{side}", rot_x(pitch_to(a - k, _to3(ankle - knee))))


def single_leg_bridge_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Glute bridge on one leg; `side` ('L'/'R') is the WORKING leg (foot on the floor).  Channels:
      rise       0 = lying, 1 = at the top
      shk_peak   the rep's shoulder-hip-knee angle at the top (deg, 180 = in line)
      free       0..1: the free leg's knee straightens (thigh kept level with the working one)
      tilt       pelvis rolled about the spine, the FREE leg's side down (deg)"""
    free = other(side)
    lift = bridge_lift(body, ch["rise"], ch["shk_peak"])
    pose = bridge_pose(body, {"lift": lift}, knee_top=BRIDGE_KNEE_TOP_DEG)
    plan = plan_bridge(bridge_geometry(body), lift, BRIDGE_KNEE_TOP_DEG)
    trunk = rot_x(SUPINE_DEG - lift)
    pose.set("pelvis", trunk @ rot_z(SIGN[free] * ch["tilt"]))
    resolve_bridge_leg(body, pose, side, plan.ankle)
    thigh, shin = _pitch(pose.rotations[f"thigh_{free}"]), _pitch(pose.rotations[f"shin_{free}"])
    pose.set(f"shin_{free}", rot_x(shin + ch["free"] * (thigh - shin)))
    pose.set(f"foot_{free}", rot_x(shin + ch["free"] * (thigh - shin) + 20.0 * ch["free"]))
    pose.set(f"toes_{free}", pose.rotations[f"foot_{free}"])
    return pose


# ------------------------------------------------------------------ supine: bridge with pelvic rolls
PELVIC_ROLL_DEG = 30.0  # default roll of the pelvis about the spine at the end of a roll
#: The knees swivel about each hip-ankle line by this share of the pelvis roll, toward the dropping hip: the thighs
#: go with the pelvis (feet planted, the knees sway together; weight onto the inside of one foot and the outside of
#: the other), rather than the hips rotating under still knees.
PELVIC_ROLL_KNEE_FOLLOW = 1.0


def pelvic_roll_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Bridge with the pelvis rolled toward `side` ('L'/'R': that hip drops).  Channels:
      rise   0 = lying, 1 = hips up;  shk  the shoulder-hip-knee angle when up (deg, 180 = in line)
      roll   pelvis roll (deg); both feet stay planted (the legs are re-solved for the moved hips)"""
    g = bridge_geometry(body)
    lifts = np.linspace(bridge_rest_lift(body), 60.0, 3001)
    shk_of_lift = signed_shk_2d(plan_bridge(g, lifts, BRIDGE_KNEE_TOP_DEG))
    rest = bridge_rest_lift(body)
    lift = rest + ch["rise"] * (np.interp(ch["shk"], shk_of_lift, lifts) - rest)
    pose = bridge_pose(body, {"lift": lift}, knee_top=BRIDGE_KNEE_TOP_DEG)
    plan = plan_bridge(g, lift, BRIDGE_KNEE_TOP_DEG)
    trunk = rot_x(SUPINE_DEG - lift)
    pose.set("pelvis", trunk @ rot_z(SIGN[side] * ch["roll"]))
    pose.set("spine_lower", trunk @ rot_z(SIGN[side] * 0.4 * ch["roll"]))
    for sd, _ in SIDES:
        resolve_bridge_leg(body, pose, sd, plan.ankle)
    sway_knees(body, pose, side, PELVIC_ROLL_KNEE_FOLLOW * ch["roll"])
    return pose


def sway_knees(body: AnnyBody, pose: PoseBatch, toward: str, deg: np.ndarray) -> None:
    """Swivel both legs about their hip-ankle lines so the knees move toward `toward` ('L'/'R') by deg; the hips
    and ankles stay where they are."""
    heads = body.fk_heads(pose)
    for sd, _ in SIDES:
        hip, knee, ankle = (heads[:, body.labels.index(f"{b}.{sd}")] for b in ("upperleg01", "lowerleg01", "foot"))
        swivel = _medial_rotation(ankle - hip, knee - hip, -SIGN[toward], deg)
        for seg in (f"thigh_{sd}", f"shin_{sd}"):
            pose.set(seg, swivel @ pose.rotations[seg])


@dataclass
class PelvicRollScript:
    """Hips up into a bridge, pelvic rolls (one rep each; the rep's `side` = the hip that drops), hips down.

    Per-rep params: `roll` (deg), `shk_low` (the shoulder-hip-knee the hips sag to during that roll; 180 = none)."""

    reps: list[RepSpec]
    rise_s: float = 1.3
    exercise: str = "bridge_pelvic_roll"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        edge_s = 0.5 + self.rise_s + 0.5
        tl = build_timeline(self.reps, fps, edge_s, edge_s)
        t = np.arange(tl.frames) / fps
        end = tl.frames / fps
        rise = smoothstep((t - 0.5) / self.rise_s) * (1.0 - smoothstep((t - (end - 0.5 - self.rise_s)) / self.rise_s))
        ch = {
            "rise": rise,
            "roll": tl.u * tl.rep_param("roll", PELVIC_ROLL_DEG),
            "shk": 180.0 - tl.u * (180.0 - tl.rep_param("shk_low", 180.0)),
        }
        side_of_frame = frame_sides(tl, self.reps)
        poses = {sd: pelvic_roll_pose(body, ch, sd) for sd in sorted(set(side_of_frame))}
        return Animation(self.exercise, tl.frames, fps, pick_poses(poses, side_of_frame), tl.reps, sided=True)


# ------------------------------------------------------------------ supine on a bench: hip thrust
HIP_THRUST_BENCH_TOP_M = 0.42  # bench height: the upper back rests on its edge
HIP_THRUST_KNEE_TOP_DEG = 90.0  # knee angle at the top (shins vertical)
HIP_THRUST_BOTTOM_CLEARANCE_M = 0.08  # hips above their lying-on-the-floor height at the bottom of a rep
HIP_THRUST_BENCH = ((-0.55, -0.10, 0.0), (0.55, 0.36, HIP_THRUST_BENCH_TOP_M))  # along X, under the shoulder blades
_THRUST_LIFTS = np.linspace(-70.0, 50.0, 4801)


def hip_thrust_geometry(body: AnnyBody) -> BridgeGeometry:
    g = bridge_geometry(body)
    return replace(g, shoulder_h=g.shoulder_h + HIP_THRUST_BENCH_TOP_M)


def hip_thrust_lift(body: AnnyBody, rise: np.ndarray, shk_peak: np.ndarray) -> np.ndarray:
    """Trunk lift (deg) per frame: hips low in front of the bench (rise 0) to shoulder-hip-knee shk_peak (rise 1)."""
    g = hip_thrust_geometry(body)
    hip_z = (np.array([0.0, g.shoulder_h]) + _rot2(SUPINE_DEG - _THRUST_LIFTS, g.trunk))[:, 1]
    bottom = _THRUST_LIFTS[np.argmin(np.abs(hip_z - (g.hip_h + HIP_THRUST_BOTTOM_CLEARANCE_M)))]
    shk = signed_shk_2d(plan_bridge(g, _THRUST_LIFTS, HIP_THRUST_KNEE_TOP_DEG, _THRUST_LIFTS))
    top = np.empty_like(shk_peak)
    for value in np.unique(shk_peak):
        top[shk_peak == value] = _THRUST_LIFTS[np.argmin(np.abs(shk - value))]
    return bottom + rise * (top - bottom)


def hip_thrust_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Upper back on a bench edge, feet flat, the trunk pivoting about the shoulders (`side` unused).
    Channels: rise (0 = hips low, 1 = top), shk_peak (the rep's shoulder-hip-knee at the top, deg)."""
    g = hip_thrust_geometry(body)
    lift = hip_thrust_lift(body, ch["rise"], ch["shk_peak"])
    n = len(lift)
    plan = plan_bridge(g, lift, HIP_THRUST_KNEE_TOP_DEG, _THRUST_LIFTS)
    pose = PoseBatch(n)
    trunk = rot_x(SUPINE_DEG - lift)
    for seg in ("pelvis", "spine_lower", "spine_upper"):
        pose.set(seg, trunk)
    _setb(pose, "neck", trunk, rot_x(12.0))  # chin tucked, eyes toward the knees
    _setb(pose, "head", trunk, rot_x(22.0))
    for sd, sign in SIDES:
        h, k, a = (body.head(f"{b}.{sd}") for b in ("upperleg01", "lowerleg01", "foot"))
        pose.set(f"thigh_{sd}", rot_x(pitch_to(k - h, _to3(plan.knee - plan.hip))))
        pose.set(f"shin_{sd}", rot_x(pitch_to(a - k, _to3(plan.ankle - plan.knee))))
        pose.set(f"foot_{sd}", np.eye(3))
        pose.set(f"toes_{sd}", np.eye(3))
        # arms out along the bench top, forearms toward the head
        sh, el, wr = (body.head(f"{b}.{sd}") for b in ("upperarm01", "lowerarm01", "wrist"))
        _setb(pose, f"upperarm_{sd}", trunk, rot_between(el - sh, np.array([sign, 0.0, -0.25])))
        _setb(pose, f"forearm_{sd}", trunk, rot_between(wr - el, np.array([0.3 * sign, -0.35, 1.0])))
    _plant_shoulders(body, pose, plan.shoulder[0])
    return pose


# ------------------------------------------------------------------ prone: superman
PRONE_ROOT_Y_M = 0.12  # the pelvis root's floor position: the body (hands overhead to feet) centred on y = 0


def prone_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Face down, arms straight overhead (`side` unused).  Channels (deg):
      chest   upper-back extension (the chest, head and arms come up)
      legs    hip extension of both straight legs (the feet come up)
      arms    extra arm elevation above the line of the upper back
      head    neck extension beyond the line of the spine (looking forward, not at the floor)"""
    n = len(ch["chest"])
    base = rot_x(90.0)  # face down, the head toward -Y
    pose = PoseBatch(n)
    pose.set("pelvis", base)
    _setb(pose, "spine_lower", base, rot_x(-0.4 * ch["chest"]))
    upper = base @ rot_x(-ch["chest"])
    pose.set("spine_upper", upper)
    _setb(pose, "neck", upper, rot_x(-0.4 * ch["head"] - 4.0))
    _setb(pose, "head", upper, rot_x(-ch["head"] - 10.0))
    for sd, _ in SIDES:
        leg = base @ rot_x(ch["legs"])
        pose.set(f"thigh_{sd}", leg)
        pose.set(f"shin_{sd}", leg)
        pose.set(f"foot_{sd}", leg @ rot_x(75.0))
        pose.set(f"toes_{sd}", pose.rotations[f"foot_{sd}"])
    set_arms(pose, body, 172.0 + ch["arms"], np.full(n, 5.0), spread_deg=14.0, base=upper)
    plant(body, pose, "root", (0.0, PRONE_ROOT_Y_M))
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
    per_rep: tuple[str, ...] = ()  # channels that take the rep's value over the whole rep (not blended)


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
        for key in self.move.per_rep:
            ch[key] = tl.rep_param(key, self.move.peak[key])
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

SINGLE_LEG_BRIDGE = FloorMove(
    "glute_bridge", single_leg_bridge_pose, {"rise": 0.0, "shk_peak": 180.0, "free": 0.0, "tilt": 0.0},
    {"rise": 1.0, "shk_peak": 180.0, "free": 1.0, "tilt": 0.0}, per_rep=("shk_peak",),
)

SUPERMAN_START = {"chest": 0.0, "legs": 0.0, "arms": 0.0, "head": 0.0}
SUPERMAN = FloorMove("superman", prone_pose, SUPERMAN_START, {"chest": 10.0, "legs": 9.0, "arms": 4.0, "head": 0.0}, sided=True)

HIP_THRUST = FloorMove(
    "hip_thrust", hip_thrust_pose, {"rise": 0.0, "shk_peak": 180.0}, {"rise": 1.0, "shk_peak": 180.0}, per_rep=("shk_peak",),
)

SIDE_LYING_STACK_DEG = 9.0  # the top leg resting on the bottom one: adducted this far past parallel
CLAMSHELL_STACK_DEG = 16.0  # knees bent: the top knee resting on the bottom knee
SIDE_LYING_START = {"hip_base": 0.0, "knee_base": 0.0, "abduct": -SIDE_LYING_STACK_DEG, "flex": 0.0, "knee_flex": 0.0, "open": 0.0, "roll_back": 0.0}
SIDE_LYING_LEG_RAISE = FloorMove("side_lying_leg_raise", side_lying_pose, SIDE_LYING_START, SIDE_LYING_START | {"abduct": 43.0})
CLAMSHELL_START = SIDE_LYING_START | {"hip_base": 45.0, "knee_base": 90.0, "abduct": -CLAMSHELL_STACK_DEG}
CLAMSHELL = FloorMove("clamshell", side_lying_pose, CLAMSHELL_START, CLAMSHELL_START | {"open": 45.0})
