"""Posture builders: per-frame joint-angle channels -> PoseBatch with planted contacts.

All angles in degrees, all in the body's sagittal plane unless said otherwise:
  knee   interior hip-knee-ankle angle commanded (180 = straight)
  shin   shin angle from vertical, knee forward of the ankle positive
  trunk  trunk lean from vertical, forward positive
  heel   foot pitch (heel up, pivoting about the ball of the foot)
  cave   rotation of thigh+shin about the hip-ankle line, knee towards the midline
  arms   forward raise of the straight arms (0 = hanging, 90 = horizontal)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .body import AnnyBody, PoseBatch
from .geometry import axis_angle, pitch_to, rot_between, rot_x, rot_y, rot_z, solve_two_bone_2d

Channels = dict[str, np.ndarray]
SIDES = (("L", 1.0), ("R", -1.0))


def _toe_heads(body: AnnyBody, side: str) -> list[str]:
    return [f"toe{i}-1.{side}" for i in range(1, 6)]


def ball_of_foot(body: AnnyBody, heads: np.ndarray, side: str) -> np.ndarray:
    ids = [body.labels.index(b) for b in _toe_heads(body, side)]
    return heads[..., ids, :].mean(axis=-2)


def set_arms(
    pose: PoseBatch, body: AnnyBody, raise_deg: np.ndarray | float, elbow_deg: np.ndarray | float,
    spread_deg: float = 8.0, base: np.ndarray | None = None, raise_right: np.ndarray | None = None,
    sides: tuple[str, ...] = ("L", "R"),
) -> None:
    """Straight-ish arms raised forward by raise_deg (right arm: raise_right if given)
    in the body frame `base`; only the arms in `sides` are set."""
    base = np.eye(3) if base is None else base
    for side, sign in SIDES:
        if side not in sides:
            continue
        lift = raise_right if (side == "R" and raise_right is not None) else raise_deg
        shoulder = body.head(f"upperarm01.{side}")
        elbow = body.head(f"lowerarm01.{side}")
        wrist = body.head(f"wrist.{side}")
        hang = np.array([sign * np.sin(np.radians(spread_deg)), 0.0, -1.0])
        upper = rot_between(elbow - shoulder, hang)
        fore = rot_between(wrist - elbow, hang)
        pose.set(f"upperarm_{side}", base @ rot_x(-np.asarray(lift)) @ upper)
        pose.set(f"forearm_{side}", base @ rot_x(-np.asarray(lift) - elbow_deg) @ fore)


def set_spine(pose: PoseBatch, trunk: np.ndarray, head_follow: float, base: np.ndarray | None = None) -> None:
    base = np.eye(3) if base is None else base
    pose.set("pelvis", base @ rot_x(trunk * 0.7))
    pose.set("spine_lower", base @ rot_x(trunk * 0.9))
    pose.set("spine_upper", base @ rot_x(trunk))
    pose.set("neck", base @ rot_x(trunk * head_follow))
    pose.set("head", base @ rot_x(trunk * head_follow * 0.6))


# ------------------------------------------------------------------------ squat
def squat_pose(body: AnnyBody, ch: Channels, toe_out: float = 8.0) -> PoseBatch:
    """Standing/squatting posture; balls of both feet stay where they are at rest."""
    n = len(ch["knee"])
    pose = PoseBatch(n)
    thigh_from_vertical = 180.0 - ch["shin"] - ch["knee"]
    set_spine(pose, ch["trunk"], head_follow=0.45)
    for side, sign in SIDES:
        yaw = rot_z(sign * toe_out)
        pose.set(f"foot_{side}", yaw @ rot_x(ch["heel"]))
        pose.set(f"toes_{side}", np.broadcast_to(yaw, (n, 3, 3)))
        shin = yaw @ rot_x(ch["shin"])
        thigh = yaw @ rot_x(-thigh_from_vertical)
        hip, knee, ankle = (body.head(f"{b}.{side}") for b in ("upperleg01", "lowerleg01", "foot"))
        hip_to_ankle = thigh @ (knee - hip) + shin @ (ankle - knee)
        cave = _medial_rotation(hip_to_ankle, thigh @ (knee - hip), sign, ch["cave"])
        pose.set(f"thigh_{side}", cave @ thigh)
        pose.set(f"shin_{side}", cave @ shin)
    set_arms(pose, body, ch["arms"], ch.get("elbow", np.full(n, 10.0)))
    _plant_balls(body, pose)
    return pose


def _medial_rotation(axis: np.ndarray, hip_to_knee: np.ndarray, sign: float, deg: np.ndarray) -> np.ndarray:
    """Rotation about the hip-ankle axis that moves the knee towards the midline by deg."""
    rot = axis_angle(axis, deg)
    moved = np.einsum("fij,fj->fi", rot, hip_to_knee)
    towards_mid = sign * (moved[:, 0] - hip_to_knee[:, 0]) < 0
    flip = (~towards_mid) & (np.abs(deg) > 1e-6)
    rot[flip] = axis_angle(axis[flip], -deg[flip])
    return rot


def _plant_balls(body: AnnyBody, pose: PoseBatch) -> None:
    """Root translation keeping the mean ball of both feet at its rest position, floor at z=0."""
    pose.root = np.zeros((pose.frames, 3))
    heads = body.fk_heads(pose)
    ref = np.mean([ball_of_foot(body, body.ref_heads, s) for s, _ in SIDES], axis=0)
    now = np.mean([ball_of_foot(body, heads, s) for s, _ in SIDES], axis=0)
    pose.root = ref - now - np.array([0.0, 0.0, body.floor_z])


# ----------------------------------------------------------------------- bridge
@dataclass(frozen=True)
class BridgeGeometry:
    """Lying-on-the-back geometry measured on the rest mesh (metres, (y, z) vectors)."""

    trunk: np.ndarray  # shoulder joint -> hip joint in the standing rest pose (y, z)
    thigh_len: float
    shin_len: float
    shoulder_h: float  # shoulder joint height above floor when lying flat
    hip_h: float  # hip joint height above floor with the buttocks on the floor
    ankle_h: float  # ankle joint height above floor, foot flat


def bridge_geometry(body: AnnyBody) -> BridgeGeometry:
    v = body.ref_vertices
    sh = (body.head("upperarm01.L") + body.head("upperarm01.R")) / 2
    hip = (body.head("upperleg01.L") + body.head("upperleg01.R")) / 2
    knee, ankle = body.head("lowerleg01.L"), body.head("foot.L")
    central = v[np.abs(v[:, 0]) < 0.12]
    back_at_shoulder = central[np.abs(central[:, 2] - (sh[2] - 0.05)) < 0.03][:, 1].max()
    buttock = central[np.abs(central[:, 2] - (hip[2] - 0.06)) < 0.04][:, 1].max()
    yz = lambda d: float(np.linalg.norm(d[1:]))  # noqa: E731
    return BridgeGeometry(
        trunk=(hip - sh)[1:],
        thigh_len=yz(knee - body.head("upperleg01.L")),
        shin_len=yz(ankle - knee),
        shoulder_h=float(back_at_shoulder - sh[1]),
        hip_h=float(buttock - hip[1]),
        ankle_h=float(ankle[2] - body.floor_z),
    )


SUPINE_DEG = -90.0  # rot_x(-90): body +Z (head) -> world +Y, body front (-Y) -> world +Z (up)


def _rot2(deg: np.ndarray | float, v: np.ndarray) -> np.ndarray:
    """Rotate (y, z) vectors counter-clockwise by deg (same sense as rot_x)."""
    a = np.radians(np.asarray(deg, dtype=np.float64))[..., None]
    c, s = np.cos(a), np.sin(a)
    return np.concatenate([c * v[0] - s * v[1], s * v[0] + c * v[1]], axis=-1)


@dataclass(frozen=True)
class BridgePlan:
    """Planar (y, z) joint positions for a batch of hip lifts (deg)."""

    shoulder: np.ndarray
    hip: np.ndarray
    knee: np.ndarray
    ankle: np.ndarray


def plan_bridge(g: BridgeGeometry, lift: np.ndarray, knee_top: float, ankle_lifts: np.ndarray | None = None) -> BridgePlan:
    """The trunk pivots about the shoulder joint; feet stay planted."""
    lift = np.asarray(lift, dtype=np.float64)
    shoulder = np.array([0.0, g.shoulder_h])
    hip = shoulder + _rot2(SUPINE_DEG - lift, g.trunk)
    ankle = _bridge_ankle(g, knee_top, ankle_lifts)
    knee = solve_two_bone_2d(hip, np.broadcast_to(ankle, hip.shape), g.thigh_len, g.shin_len, -1.0)
    return BridgePlan(np.broadcast_to(shoulder, hip.shape), hip, knee, np.broadcast_to(ankle, hip.shape))


def _bridge_ankle(g: BridgeGeometry, knee_top: float, lifts: np.ndarray | None = None) -> np.ndarray:
    """Ankle (y, z) that puts the knee at knee_top deg with shoulder, hip, knee in line
    (searched over trunk lifts, deg: 0..50 by default)."""
    lifts = np.linspace(0.0, 50.0, 2001) if lifts is None else lifts
    shoulder = np.array([0.0, g.shoulder_h])
    hip = shoulder + _rot2(SUPINE_DEG - lifts, g.trunk)
    d = (hip - shoulder) / np.linalg.norm(hip - shoulder, axis=-1, keepdims=True)
    knee = hip + g.thigh_len * d
    ang = np.arctan2(-d[:, 1], -d[:, 0]) - np.radians(knee_top)
    ankle = knee + g.shin_len * np.stack([np.cos(ang), np.sin(ang)], -1)
    return ankle[np.argmin(np.abs(ankle[:, 1] - g.ankle_h))]


def signed_shk_2d(plan: BridgePlan) -> np.ndarray:
    """Shoulder-hip-knee angle, > 180 when the hip is above the shoulder-knee line."""
    u = plan.shoulder - plan.hip
    w = plan.knee - plan.hip
    a = np.degrees(np.arccos(np.clip(np.sum(u * w, -1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(w, axis=-1)), -1, 1)))
    t = (plan.hip[..., 0] - plan.shoulder[..., 0]) / (plan.knee[..., 0] - plan.shoulder[..., 0])
    z_line = plan.shoulder[..., 1] + t * (plan.knee[..., 1] - plan.shoulder[..., 1])
    return np.where(plan.hip[..., 1] > z_line, 360.0 - a, a)


def bridge_lift_for_angle(body: AnnyBody, shk_deg: float, knee_top: float = 95.0) -> float:
    """Hip lift (deg) giving a signed shoulder-hip-knee angle of shk_deg."""
    g = bridge_geometry(body)
    lifts = np.linspace(bridge_rest_lift(body), 60.0, 3001)
    shk = signed_shk_2d(plan_bridge(g, lifts, knee_top))
    return float(lifts[np.argmin(np.abs(shk - shk_deg))])


def bridge_line_lift(body: AnnyBody, knee_top: float = 95.0) -> float:
    return bridge_lift_for_angle(body, 180.0, knee_top)


def bridge_rest_lift(body: AnnyBody) -> float:
    """Lift at which the buttocks touch the floor."""
    g = bridge_geometry(body)
    lifts = np.linspace(-20.0, 30.0, 2001)
    hip = np.array([0.0, g.shoulder_h]) + _rot2(SUPINE_DEG - lifts, g.trunk)
    return float(lifts[np.argmin(np.abs(hip[:, 1] - g.hip_h))])


def bridge_pose(body: AnnyBody, ch: Channels, knee_top: float = 95.0) -> PoseBatch:
    """Lying on the back, shoulders and feet planted; ch['lift'] = trunk pitch (deg)."""
    g = bridge_geometry(body)
    lift = np.asarray(ch["lift"], dtype=np.float64)
    n = len(lift)
    plan = plan_bridge(g, lift, knee_top)
    pose = PoseBatch(n)
    trunk = rot_x(SUPINE_DEG - lift)
    for seg in ("pelvis", "spine_lower", "spine_upper"):
        pose.set(seg, trunk)
    pose.set("neck", rot_x(SUPINE_DEG - 15.0 + 0.9 * lift))
    for side, _ in SIDES:
        h, k, a = (body.head(f"{b}.{side}") for b in ("upperleg01", "lowerleg01", "foot"))
        pose.set(f"thigh_{side}", rot_x(pitch_to(k - h, _to3(plan.knee - plan.hip))))
        pose.set(f"shin_{side}", rot_x(pitch_to(a - k, _to3(plan.ankle - plan.knee))))
        pose.set(f"foot_{side}", np.eye(3))
        pose.set(f"toes_{side}", np.eye(3))
    set_arms(pose, body, np.zeros(n), np.full(n, 5.0), spread_deg=14.0, base=rot_x(SUPINE_DEG + 6.5))
    _plant_shoulders(body, pose, plan.shoulder[0])
    head = _rest_head_on_floor(body, pose)
    pose.set("head", rot_x(head))
    return pose


def _rest_head_on_floor(body: AnnyBody, pose: PoseBatch, clearance: float = 0.004) -> np.ndarray:
    """Per-frame head pitch (deg) that lays the back of the head on the floor."""
    b = body.labels.index("head")
    verts = body.ref_vertices[body.dominant_bone() == b] - body.ref_heads[b]
    head_z = body.fk_heads(pose)[:, b, 2]
    candidates = np.arange(SUPINE_DEG - 35.0, SUPINE_DEG + 45.0, 0.5)
    lowest = (rot_x(candidates)[:, 2, :] @ verts.T).min(axis=1)  # (C,)
    gap = head_z[:, None] + lowest[None, :] - clearance
    best = candidates[np.argmin(np.abs(gap), axis=1)]
    return best


def _to3(v2: np.ndarray) -> np.ndarray:
    """(..., 2) (y, z) -> (..., 3) with x = 0."""
    return np.concatenate([np.zeros(v2.shape[:-1] + (1,)), v2], axis=-1)


def _plant_shoulders(body: AnnyBody, pose: PoseBatch, shoulder_yz: np.ndarray) -> None:
    pose.root = np.zeros((pose.frames, 3))
    heads = body.fk_heads(pose)
    ids = [body.labels.index(f"upperarm01.{s}") for s, _ in SIDES]
    now = heads[:, ids].mean(axis=1)
    pose.root = np.array([0.0, shoulder_yz[0], shoulder_yz[1]]) - now


# ---------------------------------------------------------------- half kneeling
def kneel_pose(body: AnnyBody, ch: Channels, back: str) -> PoseBatch:
    """Half-kneeling (hip flexor stretch) blended with standing by ch['k'] in [0, 1].

    back: 'L' or 'R', the leg whose knee goes down.  Channels (deg):
      back_thigh  back thigh from vertical (knee behind the hip)
      back_shin   back shin pitch above horizontal (ankle higher than the knee)
      front_shin  front shin from vertical (knee forward)
      trunk       trunk lean (forward +)
    The front thigh angle is solved so the back knee and the front foot both reach
    the floor; the front foot's ball is the horizontal anchor.
    """
    n = len(ch["k"])
    k = ch["k"]
    front = "R" if back == "L" else "L"
    pose = PoseBatch(n)
    set_spine(pose, ch["trunk"], head_follow=0.3)
    back_thigh = k * ch["back_thigh"]
    back_shin = k * (90.0 + ch["back_shin"])
    front_shin = k * ch["front_shin"]
    pose.set(f"thigh_{back}", rot_x(back_thigh))
    pose.set(f"shin_{back}", rot_x(back_shin))
    pose.set(f"toes_{back}", np.eye(3))  # toes flat on the floor (tucked)
    pose.set(f"shin_{front}", rot_x(front_shin))
    pose.set(f"foot_{front}", np.eye(3))
    pose.set(f"toes_{front}", np.eye(3))
    pose.set(f"foot_{back}", rot_x(back_shin))
    front_thigh = _solve_front_thigh(body, pose, back, front, k, 90.0 + float(np.max(ch["back_shin"])))
    pose.set(f"thigh_{front}", rot_x(-front_thigh))
    set_arms(pose, body, 20.0 * k, 25.0 * k + 5.0)
    _plant_front_ball(body, pose, front)
    pose.set(f"foot_{back}", rot_x(_back_foot_pitch(body, pose, back, back_shin)))
    return pose


def knee_contact_height(body: AnnyBody, shin_pitch: float, side: str = "L") -> float:
    """Knee joint height above the floor when kneeling with the shin at shin_pitch."""
    b = body.labels.index(f"lowerleg01.{side}")
    verts = body.ref_vertices[body.dominant_bone() == b] - body.ref_heads[b]
    return float(-(rot_x(shin_pitch) @ verts.T)[2].min())


def _solve_front_thigh(
    body: AnnyBody, pose: PoseBatch, back: str, front: str, k: np.ndarray, shin_pitch: float
) -> np.ndarray:
    """Front thigh angle from vertical so that (back knee height) - (front ankle height)
    equals the kneeling value, blended from standing (0 deg) by k."""
    kb, af = body.labels.index(f"lowerleg01.{back}"), body.labels.index(f"foot.{front}")
    want = knee_contact_height(body, float(shin_pitch), back) + 0.012 - (body.ref_heads[af][2] - body.floor_z)
    grid = np.arange(0.0, 120.0, 0.25)
    diffs = []
    for angle in grid:
        pose.set(f"thigh_{front}", rot_x(np.full(pose.frames, -angle)))
        heads = body.fk_heads(pose)
        diffs.append(heads[:, kb, 2] - heads[:, af, 2])
    diffs = np.stack(diffs, 1)  # (F, G)
    best = grid[np.argmin(np.abs(diffs - want), axis=1)]
    return k * best


def _plant_front_ball(body: AnnyBody, pose: PoseBatch, front: str) -> None:
    pose.root = np.zeros((pose.frames, 3))
    now = ball_of_foot(body, body.fk_heads(pose), front)
    ref = ball_of_foot(body, body.ref_heads, front)
    pose.root = ref - now - np.array([0.0, 0.0, body.floor_z])


def _back_foot_pitch(body: AnnyBody, pose: PoseBatch, side: str, shin_pitch: np.ndarray) -> np.ndarray:
    """Pitch of the back foot putting the ball of the foot on the floor (toes tucked, flat)."""
    b = body.labels.index(f"foot.{side}")
    ball = ball_of_foot(body, body.ref_heads, side) - body.ref_heads[b]
    need = ball_of_foot(body, body.ref_heads, side)[2] - body.floor_z
    ankle_z = body.fk_heads(pose)[:, b, 2]
    candidates = np.arange(0.0, 100.0, 0.5)
    ball_z = ankle_z[:, None] + (rot_x(candidates)[:, 2, :] @ ball)[None, :]
    return candidates[np.argmin(np.abs(ball_z - need), axis=1)]


# ------------------------------------------------------------------------- walk
def walk_pose(body: AnnyBody, phase: np.ndarray, amount: np.ndarray, yaw: np.ndarray, pos_xy: np.ndarray) -> PoseBatch:
    """Simple walk cycle (phase in radians) scaled by amount in [0, 1], heading yaw
    (deg, 0 = facing -Y), body at pos_xy; the lower foot rests on the floor."""
    n = len(phase)
    pose = PoseBatch(n)
    heading = rot_z(yaw)
    set_spine(pose, 4.0 * amount, head_follow=0.5, base=heading)
    for side, sign in SIDES:
        ph = phase + (0.0 if side == "L" else np.pi)
        thigh = amount * 24.0 * np.sin(ph)
        knee = amount * (8.0 + 45.0 * np.clip(np.sin(ph + 1.1), 0.0, None) ** 2)
        pose.set(f"thigh_{side}", heading @ rot_x(-thigh))
        pose.set(f"shin_{side}", heading @ rot_x(knee - thigh))
        foot = amount * (12.0 * np.sin(ph - 0.6))
        pose.set(f"foot_{side}", heading @ rot_x(np.clip(foot, -8.0, 15.0)))
        pose.set(f"toes_{side}", heading)
    swing = amount * 18.0 * np.sin(phase)
    set_arms(pose, body, -swing, 12.0 * amount + 5.0, base=heading, raise_right=swing)
    pose.root = np.zeros((n, 3))
    heads = body.fk_heads(pose)
    lows = []
    for side, _ in SIDES:
        ball = ball_of_foot(body, heads, side)[:, 2] - ball_of_foot(body, body.ref_heads, side)[2]
        ankle = heads[:, body.labels.index(f"foot.{side}"), 2] - body.head(f"foot.{side}")[2]
        lows.append(np.minimum(ball, ankle))
    lowest = np.min(lows, axis=0)
    centre = (heads[:, body.labels.index("upperleg01.L")] + heads[:, body.labels.index("upperleg01.R")]) / 2
    pose.root = np.stack([pos_xy[:, 0] - centre[:, 0], pos_xy[:, 1] - centre[:, 1], -lowest - body.floor_z], axis=1)
    return pose


# ------------------------------------------------------------------------ lunge
LUNGE_ANKLE_HALF_WIDTH_M = 0.12  # ankle centre from the midline in a lunge: feet hip-width apart (rest stance: ~0.21)
LUNGE_STEP_END_U = 0.5  # descent progress u at which the stepping foot's ball lands (and where it lifts off going up)
LUNGE_FOOT_LIFT_M = 0.05  # height of the stepping foot's ball above the floor in the middle of the step


@dataclass(frozen=True)
class LungeGeometry:
    """Leg geometry for the planar lunge plan (metres, (y, z) vectors, floor at z = 0).

    The legs are first rolled in (about the world Y axis) so the ankles are
    LUNGE_ANKLE_HALF_WIDTH_M from the midline; the (y, z) vectors are of the rolled legs.
    """

    roll_deg: float  # leg roll of the LEFT leg (the right one is mirrored), + moves the ankle towards the midline
    thigh: np.ndarray  # rest hip -> knee (y, z)
    shin: np.ndarray  # rest knee -> ankle (y, z)
    ankle_to_ball: np.ndarray  # rest (y, z), foot flat
    ankle_h: float  # rest ankle joint height above the floor
    ball_h: float  # rest ball-of-foot (toe joint heads) height above the floor


def lunge_geometry(body: AnnyBody) -> LungeGeometry:
    h, k, a = (body.head(f"{b}.L") for b in ("upperleg01", "lowerleg01", "foot"))
    roll = float(np.degrees(np.arctan2(a[0] - LUNGE_ANKLE_HALF_WIDTH_M, h[2] - a[2]) - np.arctan2(a[0] - h[0], h[2] - a[2])))
    r = rot_y(roll)
    ball = ball_of_foot(body, body.ref_heads, "L")
    return LungeGeometry(
        roll_deg=roll, thigh=(r @ (k - h))[1:], shin=(r @ (a - k))[1:], ankle_to_ball=(ball - a)[1:],
        ankle_h=float(a[2] - body.floor_z), ball_h=float(ball[2] - body.floor_z),
    )  # fmt: skip


@dataclass(frozen=True)
class LungePlan:
    """Planar (y, z) joints relative to the front ankle's rest (y) and the floor (z); y + = backwards."""

    front_ankle: np.ndarray
    front_knee: np.ndarray
    hip: np.ndarray
    back_knee: np.ndarray
    back_ankle: np.ndarray
    back_ball: np.ndarray


def plan_lunge(g: LungeGeometry, ch: Channels) -> LungePlan:
    """Front foot flat at its rest spot; front shin and knee angles place the hip; the back
    foot's ball goes `step_m` * step behind its rest spot, `lift_m` up, heel raised by `heel`
    (deg); the back knee is the two-bone solution (knee forward of the hip-ankle line)."""
    lt, ls = float(np.linalg.norm(g.thigh)), float(np.linalg.norm(g.shin))
    sf = np.radians(np.asarray(ch["front_shin"], dtype=np.float64))
    tf = np.radians(180.0 - np.asarray(ch["front_knee"]) - np.degrees(sf))
    n = len(sf)
    ankle_f = np.tile([0.0, g.ankle_h], (n, 1))
    knee_f = ankle_f + ls * np.stack([-np.sin(sf), np.cos(sf)], -1)
    hip = knee_f + lt * np.stack([np.sin(tf), np.cos(tf)], -1)
    ball_b = np.stack([g.ankle_to_ball[0] + ch["step_m"] * ch["step"], g.ball_h + ch["lift_m"]], -1)
    ankle_to_ball = _rot2(ch["heel"], g.ankle_to_ball)  # the back foot, heel raised about the ball
    d = ball_b - ankle_to_ball - hip
    dist = np.linalg.norm(d, axis=-1)
    reach = lt + ls - 1e-4
    ankle_b = hip + d * (np.minimum(dist, reach) / dist)[:, None]  # out of reach: the foot stays up
    knee_b = solve_two_bone_2d(hip, ankle_b, lt, ls, -1.0)
    return LungePlan(ankle_f, knee_f, hip, knee_b, ankle_b, ankle_b + ankle_to_ball)


def lunge_pose(body: AnnyBody, ch: Channels, back: str) -> PoseBatch:
    """Reverse-lunge posture, `back` ('L'/'R') = the stepping leg.  Channels:
      front_knee  front knee interior angle (deg, 180 = straight)
      front_shin  front shin from vertical (deg, knee forward +)
      trunk       trunk lean (deg, forward +)
      step        0..1 progress of the back foot's step, step_m its length (m, ball behind its rest spot)
      lift_m      back ball height above the floor (m), heel back heel raise (deg, pivot about the ball)
      arms        forward raise of the arms (deg)
    The front foot's ball is the anchor (flat on the floor at its rest spot)."""
    g = lunge_geometry(body)
    plan = plan_lunge(g, ch)
    front = "R" if back == "L" else "L"
    n = len(plan.hip)
    pose = PoseBatch(n)
    set_spine(pose, np.asarray(ch["trunk"], dtype=np.float64), head_follow=0.35)
    for side, hip, knee, ankle, heel in (
        (front, plan.hip, plan.front_knee, plan.front_ankle, np.zeros(n)),
        (back, plan.hip, plan.back_knee, plan.back_ankle, np.asarray(ch["heel"], dtype=np.float64)),
    ):
        sign = 1.0 if side == "L" else -1.0
        roll = rot_y(sign * g.roll_deg)
        thigh_ref = np.concatenate([[0.0], g.thigh])
        shin_ref = np.concatenate([[0.0], g.shin])
        pose.set(f"thigh_{side}", rot_x(pitch_to(thigh_ref, _to3(knee - hip))) @ roll)
        pose.set(f"shin_{side}", rot_x(pitch_to(shin_ref, _to3(ankle - knee))) @ roll)
        pose.set(f"foot_{side}", rot_x(heel))
        pose.set(f"toes_{side}", np.eye(3))
    set_arms(pose, body, ch["arms"], ch.get("elbow", np.full(n, 10.0)))
    _plant_front_ball(body, pose, front)
    return pose


def lunge_lowest_knee_step_m(body: AnnyBody, front_knee: float, front_shin: float, heel: float) -> float:
    """Step length (m, back ball behind its rest spot) that puts the back knee lowest for this
    front-leg posture: the back thigh is then about vertical, under the hip."""
    g = lunge_geometry(body)
    steps = np.arange(0.4, 1.2, 0.0025)
    n = len(steps)
    ch = {
        "front_knee": np.full(n, front_knee), "front_shin": np.full(n, front_shin), "step": np.ones(n),
        "step_m": steps, "lift_m": np.zeros(n), "heel": np.full(n, heel),
    }  # fmt: skip
    plan = plan_lunge(g, ch)
    return float(steps[np.argmin(plan.back_knee[:, 1])])
