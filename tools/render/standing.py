"""Standing exercises of issue 13: lunges with sides, the stationary split squat, the chair squat, the yoga squat
flow, the lateral lunge / lateral squat hold and the standing hip abduction.

Postures are built like `postures.py`: joint-angle channels -> per-segment world rotations, contacts planted by
translating the root.  Each rep's `side` is the rep's working leg (lunges: the leg in FRONT; lateral moves: the
bent leg; hip abduction: the lifted leg), recorded in the truth (`Animation.sided`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import postures
from .body import AnnyBody, PoseBatch
from .exercises import LUNGE_HEEL_DEG, LUNGE_PEAK, Animation, LungeScript, blend
from .floor import OTHER, SIGN, FloorMove, pick_poses
from .geometry import rot_between, rot_x, rot_y, rot_z, smoothstep
from .motion import RepSpec, RepTiming, build_timeline

Channels = dict[str, np.ndarray]


# ------------------------------------------------------------------ lunges with sides
@dataclass
class SidedLungeScript(LungeScript):
    """Alternating reverse lunges (`exercises.LungeScript`) whose truth names the FRONT leg of each rep."""

    lead_in_s: float = 0.8
    tail_s: float = 0.8

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        back = [self.first_back if i % 2 == 0 else OTHER[self.first_back] for i in range(len(self.reps))]
        reps = [replace(r, side=OTHER[b]) for r, b in zip(self.reps, back, strict=True)]
        anim = LungeScript.animate(replace(self, reps=reps), body, fps)
        anim.sided = True
        return anim


# ------------------------------------------------------------------ split squat
SPLIT_TOP_FRONT_KNEE_DEG = 175.0  # front knee at the top of a split squat: nearly straight
SPLIT_TOP_FRONT_SHIN_DEG = -22.0  # front shin leaning back (knee behind the ankle): the hips sit between the feet
SPLIT_STEP_S = 1.3  # stepping into (or out of) the split stance
SPLIT_BOTTOM_KNEE_DEG = 84.0  # the front knee the stance length is sized for (back knee lowest, ~6 cm up)


@dataclass
class SplitSquatScript:
    """Stationary split squats: step one foot back into a split stance, dip `reps` times with the feet apart, step
    home; then the other leg.  sets: (back leg 'L'/'R', number of reps) in order.  The rep is the dip only: top
    (front leg nearly straight, hips between the feet) -> bottom (the rep's front knee / shin / trunk) -> top.
    The stance length is fixed per set (sized so the back knee is lowest at SPLIT_BOTTOM_KNEE_DEG)."""

    reps: list[RepSpec]
    sets: tuple[tuple[str, int], ...]
    lead_in_s: float = 0.8
    tail_s: float = 0.8
    between_s: float = 1.0  # standing with the feet together between the sets
    exercise: str | None = "lunge"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        assert sum(n for _, n in self.sets) == len(self.reps)
        step_frames = int(round(SPLIT_STEP_S * fps))
        reps, i = [], 0
        for k, (back, n) in enumerate(self.sets):
            for j in range(n):
                r = self.reps[i]
                last = j == n - 1 and k < len(self.sets) - 1
                rest = 2 * SPLIT_STEP_S + self.between_s + 0.3 if last else r.rest_s
                reps.append(replace(r, side=OTHER[back], rest_s=rest))
                i += 1
        lead = self.lead_in_s + SPLIT_STEP_S + 0.3
        tl = build_timeline(reps, fps, lead, self.tail_s + SPLIT_STEP_S + 0.3)
        stance = np.zeros(tl.frames)  # 0 feet together .. 1 split stance
        back_of_frame = np.full(tl.frames, self.sets[0][0])
        start = 0
        for back, n in self.sets:
            first, last = tl.reps[start], tl.reps[start + n - 1]
            a = first.start_frame - int(round(0.3 * fps)) - step_frames
            b = last.end_frame + int(round(0.3 * fps))
            stance[a : a + step_frames] = smoothstep(np.linspace(0.0, 1.0, step_frames))
            stance[a + step_frames : b] = 1.0
            stance[b : b + step_frames] = smoothstep(np.linspace(1.0, 0.0, step_frames))
            back_of_frame[a:] = back
            start += n
        top = {"front_knee": 180.0 + stance * (SPLIT_TOP_FRONT_KNEE_DEG - 180.0), "front_shin": stance * SPLIT_TOP_FRONT_SHIN_DEG}
        ch: Channels = {}
        for key in ("front_knee", "front_shin"):
            peak = tl.rep_param(key, LUNGE_PEAK[key])
            ch[key] = top[key] + tl.u * (peak - top[key])
        ch["trunk"] = 3.0 + tl.u * (tl.rep_param("trunk", LUNGE_PEAK["trunk"]) - 3.0)
        ch["arms"] = stance * 20.0
        ch["elbow"] = 5.0 + stance * 60.0  # hands at the hips
        step_m = postures.lunge_lowest_knee_step_m(body, SPLIT_BOTTOM_KNEE_DEG, LUNGE_PEAK["front_shin"], LUNGE_HEEL_DEG)
        ch["step"] = stance
        ch["step_m"] = np.full(tl.frames, step_m)
        ch["heel"] = stance * LUNGE_HEEL_DEG
        ch["lift_m"] = postures.LUNGE_FOOT_LIFT_M * np.sin(np.pi * stance)
        poses = {b: postures.lunge_pose(body, ch, b) for b in sorted(set(back_of_frame))}
        pose = pick_poses(poses, back_of_frame)
        return Animation("lunge", tl.frames, fps, pose, tl.reps, sided=True)


# ------------------------------------------------------------------ chair squat
CHAIR_SEAT_TOP_M = 0.44  # a dining chair's seat height
CHAIR_FRONT_Y_M = 0.12  # the seat's front edge (the person faces -Y, the chair stands behind them)
CHAIR_DEPTH_M = 0.42
CHAIR_HALF_WIDTH_M = 0.23
CHAIR_HIP_BEHIND_EDGE_M = 0.17  # seated, the hip joints sit this far behind the front edge (thighs on the seat)
CHAIR = ((-CHAIR_HALF_WIDTH_M, CHAIR_FRONT_Y_M, 0.0), (CHAIR_HALF_WIDTH_M, CHAIR_FRONT_Y_M + CHAIR_DEPTH_M, CHAIR_SEAT_TOP_M))
SEAT_CONTACT_BONES = ("root", "pelvis", "upperleg01", "upperleg02")
CHAIR_START = {"knee": 180.0, "shin": 0.0, "trunk": 3.0, "heel": 0.0, "cave": 0.0, "arms": 0.0, "elbow": 5.0}
CHAIR_PEAK = {"knee": 95.0, "shin": 10.0, "trunk": 32.0, "heel": 0.0, "cave": -3.0, "arms": 80.0, "elbow": 8.0}
CHAIR_SHAPE = {"cave": 1.5}


def seated_knee_deg(body: AnnyBody, shin: float, trunk: float) -> float:
    """The knee angle (deg) that rests the buttocks / backs of the thighs on the seat for this shin and trunk."""
    from .floor import bones_of, lowest_z

    knees = np.arange(60.0, 140.0, 0.5)
    n = len(knees)
    ch = CHAIR_START | {"shin": shin, "trunk": trunk}
    chans = {k: np.full(n, v, dtype=np.float64) for k, v in ch.items()} | {"knee": knees}
    pose = postures.squat_pose(body, chans)
    low = lowest_z(body, pose, bones_of(body, SEAT_CONTACT_BONES))
    return float(knees[np.argmin(np.abs(low - (CHAIR_SEAT_TOP_M + 0.004)))])


@dataclass
class ChairSquatScript:
    """Sit back onto a chair (`CHAIR`, behind the person) and stand up.  Per-rep params: shin, trunk, cave, arms
    (peak values); the peak knee is solved so the body rests on the seat.  The body is shifted along Y so its
    seated hips land `CHAIR_HIP_BEHIND_EDGE_M` behind the seat's front edge."""

    reps: list[RepSpec]
    lead_in_s: float = 0.8
    tail_s: float = 0.8
    exercise: str | None = "chair_squat"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        reps = []
        for r in self.reps:
            shin = r.params.get("shin", CHAIR_PEAK["shin"])
            trunk = r.params.get("trunk", CHAIR_PEAK["trunk"])
            reps.append(replace(r, params=r.params | {"knee": seated_knee_deg(body, shin, trunk)}))
        tl = build_timeline(reps, fps, self.lead_in_s, self.tail_s)
        ch = blend(tl, CHAIR_START, CHAIR_PEAK, CHAIR_SHAPE)
        pose = postures.squat_pose(body, ch)
        heads = body.fk_heads(pose)
        hips = (heads[:, body.labels.index("upperleg01.L")] + heads[:, body.labels.index("upperleg01.R")]) / 2
        seated_y = float(np.mean([hips[r.peak_frame, 1] for r in tl.reps]))
        pose.root = pose.root_translation() + np.array([0.0, CHAIR_FRONT_Y_M + CHAIR_HIP_BEHIND_EDGE_M - seated_y, 0.0])
        return Animation("chair_squat", tl.frames, fps, pose, tl.reps)


# ------------------------------------------------------------------ shared leg helpers
def _heads_now(body: AnnyBody, pose: PoseBatch, bone: str) -> np.ndarray:
    return body.fk_heads(pose)[:, body.labels.index(bone)]


def two_bone_3d(hip: np.ndarray, ankle: np.ndarray, thigh_len: float, shin_len: float, pole: np.ndarray) -> np.ndarray:
    """(F, 3) knee positions: thigh and shin lengths from hip to ankle, the knee bending toward `pole` (F, 3)."""
    d = ankle - hip
    dist = np.minimum(np.linalg.norm(d, axis=-1), thigh_len + shin_len - 1e-6)
    dh = d / np.linalg.norm(d, axis=-1, keepdims=True)
    along = (thigh_len**2 - shin_len**2 + dist**2) / (2 * dist)
    up = np.sqrt(np.maximum(thigh_len**2 - along**2, 0.0))
    p = pole - np.sum(pole * dh, axis=-1, keepdims=True) * dh
    p = p / np.linalg.norm(p, axis=-1, keepdims=True)
    return hip + along[:, None] * dh + up[:, None] * p


def leg_reach_m(thigh_len: float, shin_len: float, knee_deg: np.ndarray) -> np.ndarray:
    """Hip-to-ankle distance (m) at a knee interior angle (deg)."""
    return np.sqrt(thigh_len**2 + shin_len**2 - 2 * thigh_len * shin_len * np.cos(np.radians(knee_deg)))


def set_leg(body: AnnyBody, pose: PoseBatch, side: str, hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray) -> None:
    """Thigh and shin world rotations pointing the rest bones along hip->knee and knee->ankle."""
    h, k, a = (body.head(f"{b}.{side}") for b in ("upperleg01", "lowerleg01", "foot"))
    pose.set(f"thigh_{side}", rot_between(k - h, knee - hip))
    pose.set(f"shin_{side}", rot_between(a - k, ankle - knee))


def set_trunk(pose: PoseBatch, pitch: np.ndarray, roll: np.ndarray | float = 0.0) -> None:
    """Spine above the pelvis pitched forward (deg) and rolled sideways (deg, rot_y); the pelvis stays level."""
    roll = np.broadcast_to(np.asarray(roll, dtype=np.float64), np.shape(pitch))
    pose.set("pelvis", np.eye(3))
    pose.set("spine_lower", rot_y(0.6 * roll) @ rot_x(0.6 * pitch))
    pose.set("spine_upper", rot_y(roll) @ rot_x(pitch))
    pose.set("neck", rot_y(roll) @ rot_x(0.8 * pitch))
    pose.set("head", rot_y(roll) @ rot_x(0.5 * pitch))


# ------------------------------------------------------------------ standing hip abduction
def hip_abduction_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Standing on the other leg, `side` ('L'/'R') lifted straight out to the side.  Channels (deg):
      abduct     the working leg swung out from its rest direction (about the front-back axis)
      turn_out   external rotation of the working leg about its long axis (the toes turn out, and up once lifted)
      lean       the trunk tilted sideways toward the standing leg (above a level pelvis)
      arms       arms out to the sides (spread from hanging)
    The standing foot's ball stays at its rest spot on the floor."""
    n = len(ch["abduct"])
    s = SIGN[side]
    pose = PoseBatch(n)
    set_trunk(pose, np.full(n, 2.0), -s * ch["lean"])
    leg = rot_y(-s * ch["abduct"]) @ rot_z(s * ch["turn_out"])
    for seg in ("thigh", "shin", "foot", "toes"):
        pose.set(f"{seg}_{side}", leg)
        pose.set(f"{seg}_{OTHER[side]}", np.eye(3))
    for sd, sg in (("L", 1.0), ("R", -1.0)):
        sh, el, wr = (body.head(f"{b}.{sd}") for b in ("upperarm01", "lowerarm01", "wrist"))
        spread = np.radians(ch["arms"])
        out = np.stack([sg * np.sin(spread), np.zeros(n), -np.cos(spread)], -1)
        base = pose.rotations["spine_upper"]
        pose.set(f"upperarm_{sd}", base @ rot_between(el - sh, out))
        pose.set(f"forearm_{sd}", base @ rot_between(wr - el, out))
    postures._plant_front_ball(body, pose, OTHER[side])
    return pose


# ------------------------------------------------------------------ lateral lunge / lateral squat
LATERAL_TOE_OUT_DEG = 25.0  # both feet turned out
LATERAL_ANKLE_SPREAD_LEGS = 1.0  # ankle-to-ankle distance in leg lengths (hip to ankle): ~0.9 m, twice shoulder width
LATERAL_HIP_BACK_M = 0.12  # the hips sit back this far at full depth (bent knee 90 deg)


def lateral_pose(body: AnnyBody, ch: Channels, side: str) -> PoseBatch:
    """Wide stance, feet turned out; sitting into the `side` hip.  Channels (deg):
      knee           the bent (`side`) knee's interior angle (180 = standing in the middle)
      straight_knee  the other knee (180 = straight; less: the straight leg bending)
      trunk          forward pitch of the trunk; cave: the bent knee rotated toward the midline about the
      hip-ankle line; arms: forward raise.
    Both feet stay flat at their spots; the hip height and sideways shift are solved so both legs reach them."""
    n = len(ch["knee"])
    s = SIGN[side]
    bent, straight = side, OTHER[side]
    pose = PoseBatch(n)
    set_trunk(pose, ch["trunk"])
    lt = float(np.linalg.norm(body.head("lowerleg01.L") - body.head("upperleg01.L")))
    ls = float(np.linalg.norm(body.head("foot.L") - body.head("lowerleg01.L")))
    half = LATERAL_ANKLE_SPREAD_LEGS * (lt + ls) / 2
    ref_ankle = body.head("foot.L")
    ankle = {sd: np.tile([SIGN[sd] * half, ref_ankle[1], ref_ankle[2]], (n, 1)) for sd in ("L", "R")}
    hips0 = {sd: _heads_now(body, pose, f"upperleg01.{sd}") for sd in ("L", "R")}  # root at 0
    depth = (180.0 - ch["knee"]) / 90.0
    y_h = ref_ankle[1] + LATERAL_HIP_BACK_M * depth
    r_s = np.sqrt(leg_reach_m(lt, ls, ch["straight_knee"]) ** 2 - (y_h - ref_ankle[1]) ** 2)
    r_b = np.sqrt(leg_reach_m(lt, ls, ch["knee"]) ** 2 - (y_h - ref_ankle[1]) ** 2)
    d = hips0[bent][:, 0] - hips0[straight][:, 0]
    c1, c2 = ankle[straight][:, 0], ankle[bent][:, 0] - d
    x = (r_s**2 - r_b**2 + c2**2 - c1**2) / (2 * (c2 - c1))
    z = ref_ankle[2] + np.sqrt(np.maximum(r_s**2 - (x - c1) ** 2, 0.0))
    hip = {straight: np.stack([x, y_h, z], -1)}
    hip[bent] = hip[straight] + (hips0[bent] - hips0[straight])
    root = hip[straight] - hips0[straight]
    for sd, knee_deg in ((bent, ch["knee"]), (straight, ch["straight_knee"])):
        sg = SIGN[sd]
        forward = np.array([sg * np.sin(np.radians(LATERAL_TOE_OUT_DEG)), -np.cos(np.radians(LATERAL_TOE_OUT_DEG)), 0.0])
        knee = two_bone_3d(hip[sd], ankle[sd], lt, ls, np.tile(forward, (n, 1)))
        if sd == bent:
            axis = ankle[sd] - hip[sd]
            cave = postures._medial_rotation(axis, knee - hip[sd], sg, ch["cave"])
            knee = hip[sd] + np.einsum("fij,fj->fi", cave, knee - hip[sd])
        set_leg(body, pose, sd, hip[sd], knee, ankle[sd])
        pose.set(f"foot_{sd}", rot_z(sg * LATERAL_TOE_OUT_DEG))
        pose.set(f"toes_{sd}", rot_z(sg * LATERAL_TOE_OUT_DEG))
    postures.set_arms(pose, body, ch["arms"], np.full(n, 20.0), spread_deg=12.0)
    pose.root = root - np.array([0.0, 0.0, body.floor_z])
    return pose


HIP_ABDUCTION_START = {"abduct": 0.0, "turn_out": 0.0, "lean": 0.0, "arms": 12.0}
HIP_ABDUCTION = FloorMove(
    "standing_hip_abduction", hip_abduction_pose, HIP_ABDUCTION_START, {"abduct": 35.0, "turn_out": 0.0, "lean": 3.0, "arms": 25.0},
)
LATERAL_START = {"knee": 180.0, "straight_knee": 178.0, "trunk": 4.0, "cave": 0.0, "arms": 10.0}
LATERAL_LUNGE = FloorMove("lateral_lunge", lateral_pose, LATERAL_START, LATERAL_START | {"knee": 90.0, "trunk": 20.0, "arms": 45.0})


# ------------------------------------------------------------------ keyframed scripts (holds, multi-stage reps)
@dataclass(frozen=True)
class Key:
    """One phase of a keyframed script: over `seconds` the channels ease (smoothstep) from where they were to
    `target` (None: stay).  `side` picks the posture's side for the phase; `held` marks a hold in position (the
    truth's hold time); `mark` 'start' / 'peak' / 'end' delimits a rep (start of the phase / its middle / its end)."""

    seconds: float
    target: dict[str, float] | None = None
    side: str = "L"
    held: bool = False
    mark: str = ""


@dataclass
class KeyframeScript:
    """Phases (`Key`) -> channels -> the posture per side; reps from the marks (their RepSpecs give faults and
    sides, in order), holds from the held phases."""

    exercise: str
    posture: object  # Callable[[AnnyBody, Channels, str], PoseBatch]
    start: dict[str, float]
    keys: list[Key]
    reps: list[RepSpec]
    sided: bool = True

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        now = dict(self.start)
        chans: dict[str, list[np.ndarray]] = {k: [] for k in self.start}
        sides: list[np.ndarray] = []
        holds: dict[str, list[list[float]]] = {}
        marks: list[tuple[str, int, int]] = []
        frame = 0
        for key in self.keys:
            n = int(round(key.seconds * fps))
            goal = now | (key.target or {})
            ease = smoothstep(np.arange(1, n + 1) / n)
            for k in chans:
                chans[k].append(now[k] + ease * (goal[k] - now[k]))
            now = goal
            sides.append(np.full(n, key.side))
            if key.held:
                holds.setdefault(key.side, []).append([round(frame / fps, 3), round((frame + n) / fps, 3)])
            if key.mark:
                marks.append((key.mark, frame, frame + n - 1))
            frame += n
        ch = {k: np.concatenate(v) for k, v in chans.items()}
        side_of_frame = np.concatenate(sides)
        poses = {sd: self.posture(body, ch, sd) for sd in sorted(set(side_of_frame))}
        timings, spec_iter, open_rep = [], iter(self.reps), None
        for mark, first, last in marks:
            if mark == "start":
                open_rep = {"start": first}
            elif mark == "peak" and open_rep is not None:
                open_rep |= {"peak": (first + last) // 2, "hold": (first, last)}
            elif mark == "end" and open_rep is not None:
                timings.append(RepTiming(len(timings) + 1, open_rep["start"], open_rep["peak"], last, open_rep["hold"], next(spec_iter)))
                open_rep = None
        hold_list = [
            {"side": "left" if s == "L" else "right", "segments": seg, "held_s": round(sum(b - a for a, b in seg), 3)}
            for s, seg in holds.items()
        ]
        return Animation(self.exercise, frame, fps, pick_poses(poses, side_of_frame), timings, hold_list, sided=self.sided)


# ------------------------------------------------------------------ yoga squat flow, lateral squat hold
YOGA_STAND = {"knee": 180.0, "shin": 0.0, "trunk": 3.0, "heel": 0.0, "cave": 0.0, "arms": 165.0, "elbow": 5.0}
YOGA_DEEP = {"knee": 42.0, "shin": 38.0, "trunk": 42.0, "heel": 0.0, "cave": -4.0, "arms": 50.0, "elbow": 70.0}
YOGA_FOLD = {"knee": 168.0, "shin": -4.0, "trunk": 105.0, "heel": 0.0, "cave": 0.0, "arms": 0.0, "elbow": 5.0}


def yoga_squat_keys(reps: list[RepSpec], lead_in_s: float = 0.5, tail_s: float = 0.3) -> list[Key]:
    """Per rep: arms up standing -> sink into the deep squat (the rep's params override YOGA_DEEP; `heel` lifts the
    heels) -> pause -> straighten the knees into a forward fold, hands down -> roll up to standing, arms up.
    Tempo from the RepSpec: down_s sink, hold_s pause, up_s to the fold, rest_s the roll up."""
    keys = [Key(lead_in_s)]
    for r in reps:
        keys += [
            Key(r.down_s, YOGA_DEEP | r.params, mark="start"), Key(r.hold_s, mark="peak"), Key(r.up_s, YOGA_FOLD, mark="end"),
            Key(0.3), Key(r.rest_s, YOGA_STAND),
        ]
    return keys + [Key(tail_s)]


def yoga_squat_script(reps: list[RepSpec]) -> KeyframeScript:
    return KeyframeScript("yoga_squat", lambda body, ch, side: postures.squat_pose(body, ch), YOGA_STAND, yoga_squat_keys(reps), reps, sided=False)


LATERAL_HOLD = {"knee": 90.0, "straight_knee": 178.0, "trunk": 18.0, "cave": 0.0, "arms": 45.0}


def lateral_squat_script(sides: list[tuple[str, list[tuple[float, dict[str, float] | None]]]]) -> KeyframeScript:
    """Lateral squat holds: per side ('L'/'R' = the bent leg) sink in over 0.9 s, then (seconds, fault overrides
    or None) segments (0.4 s easing into and out of each fault, not held), rise over 0.9 s."""
    keys = [Key(0.5, side=sides[0][0])]
    for side, segments in sides:
        keys.append(Key(0.9, LATERAL_HOLD, side=side))
        for seconds, fault in segments:
            if fault:
                keys += [Key(0.4, LATERAL_HOLD | fault, side=side), Key(seconds, side=side), Key(0.4, LATERAL_HOLD, side=side)]
            else:
                keys.append(Key(seconds, side=side, held=True))
        keys.append(Key(0.9, LATERAL_START, side=side))
    keys.append(Key(0.4, side=sides[-1][0]))
    return KeyframeScript("lateral_squat", lateral_pose, LATERAL_START, keys, [], sided=True)
