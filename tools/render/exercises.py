"""Exercise scripts: declarative rep lists -> per-frame poses plus rep annotations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .body import AnnyBody, PoseBatch
from .geometry import smoothstep
from .motion import RepSpec, RepTiming, Timeline, build_timeline
from . import postures

# Fault codes that make a rep an *attempt* (not counted): each exercise's partial-rep code.
NOT_COUNTED = {"shallow", "hips_low", "low_lift", "small_opening", "low_reach", "low_kick"}
NOT_COUNTED.add("not_deep")  # yoga_squat (standing.py)


@dataclass
class Animation:
    """Everything a clip needs besides camera and body."""

    exercise: str | None
    frames: int
    fps: float
    pose: PoseBatch | None
    reps: list[RepTiming] = field(default_factory=list)
    holds: list[dict] = field(default_factory=list)
    present: np.ndarray | None = None  # (F,) bool: person exists in the scene
    sided: bool = False  # floor exercises: each rep records its working side in the truth


class Script(Protocol):
    exercise: str | None

    def animate(self, body: AnnyBody | None, fps: float) -> Animation: ...


def blend(tl: Timeline, start: dict[str, float], peak_defaults: dict[str, float], shape: dict[str, float] | None = None) -> dict[str, np.ndarray]:
    """channel = start + u**shape * (per-rep peak - start)."""
    shape = shape or {}
    out: dict[str, np.ndarray] = {}
    for key, s in start.items():
        peak = tl.rep_param(key, peak_defaults.get(key, s))
        out[key] = s + (tl.u ** shape.get(key, 1.0)) * (peak - s)
    return out


# ------------------------------------------------------------------------- squat
SQUAT_START = {"knee": 180.0, "shin": 0.0, "trunk": 3.0, "heel": 0.0, "cave": 0.0, "arms": 0.0, "elbow": 5.0}
SQUAT_PEAK = {"knee": 66.0, "shin": 32.0, "trunk": 38.0, "heel": 0.0, "cave": -4.0, "arms": 85.0, "elbow": 8.0}
SQUAT_SHAPE = {"heel": 1.6, "cave": 1.5}


@dataclass
class SquatScript:
    reps: list[RepSpec]
    lead_in_s: float = 1.0
    tail_s: float = 1.0
    toe_out: float = 8.0
    exercise: str | None = "squat"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        tl = build_timeline(self.reps, fps, self.lead_in_s, self.tail_s)
        ch = blend(tl, SQUAT_START, SQUAT_PEAK, SQUAT_SHAPE)
        pose = postures.squat_pose(body, ch, toe_out=self.toe_out)
        return Animation("squat", tl.frames, fps, pose, tl.reps)


# ------------------------------------------------------------------------- lunge
LUNGE_START = {"front_knee": 180.0, "front_shin": 0.0, "trunk": 3.0, "arms": 0.0, "elbow": 5.0}
LUNGE_PEAK = {"front_knee": 83.0, "front_shin": 7.0, "trunk": 10.0, "arms": 25.0, "elbow": 15.0}
LUNGE_HEEL_DEG = 50.0  # default back heel raise at the bottom (deg, foot pitch about the ball)
LUNGE_STEP_M = 0.85  # default back-foot step (m, ball behind its rest spot)


@dataclass
class LungeScript:
    """Alternating reverse lunges: rep 1 steps the `first_back` leg back, rep 2 the other, ...

    Per-rep params: front_knee, front_shin, trunk, arms (peak values, deg), heel (back heel
    raise, deg), step_m (m).  The back foot steps during the first LUNGE_STEP_END_U of the
    descent (and the last part of the ascent), lifted LUNGE_FOOT_LIFT_M at mid-step."""

    reps: list[RepSpec]
    lead_in_s: float = 1.0
    tail_s: float = 1.0
    first_back: str = "R"
    exercise: str | None = "lunge"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        tl = build_timeline(self.reps, fps, self.lead_in_s, self.tail_s)
        ch = blend(tl, LUNGE_START, LUNGE_PEAK)
        step = smoothstep(tl.u / postures.LUNGE_STEP_END_U)
        ch["step"] = step
        ch["step_m"] = np.full(tl.frames, LUNGE_STEP_M)
        for rep in tl.reps:
            ch["step_m"][rep.start_frame : rep.end_frame + 1] = self._step_m(body, rep.spec.params)
        ch["heel"] = step * tl.rep_param("heel", LUNGE_HEEL_DEG)
        ch["lift_m"] = postures.LUNGE_FOOT_LIFT_M * np.sin(np.pi * step)
        other = "L" if self.first_back == "R" else "R"
        poses = {side: postures.lunge_pose(body, ch, side) for side in (self.first_back, other)}
        back = np.full(tl.frames, self.first_back)
        for rep in tl.reps:
            if rep.index % 2 == 0:
                back[rep.start_frame : rep.end_frame + 1] = other
        pose = PoseBatch(tl.frames)
        pick = (back == other)[:, None, None]
        for key in poses[self.first_back].rotations:
            pose.rotations[key] = np.where(pick, poses[other].rotations[key], poses[self.first_back].rotations[key])
        pose.root = np.where(pick[:, :, 0], poses[other].root_translation(), poses[self.first_back].root_translation())
        return Animation("lunge", tl.frames, fps, pose, tl.reps)

    @staticmethod
    def _step_m(body: AnnyBody, params: dict[str, float]) -> float:
        """params['step_m'] if given, else the step that puts the back knee lowest (thigh under
        the hip) for the rep's front knee and shin, plus `step_extra_m` (back thigh a little
        behind vertical)."""
        if "step_m" in params:
            return params["step_m"]
        knee = params.get("front_knee", LUNGE_PEAK["front_knee"])
        shin = params.get("front_shin", LUNGE_PEAK["front_shin"])
        lowest = postures.lunge_lowest_knee_step_m(body, knee, shin, params.get("heel", LUNGE_HEEL_DEG))
        return lowest + params.get("step_extra_m", 0.0)


# ------------------------------------------------------------------------ bridge
@dataclass
class BridgeScript:
    """Glute bridge reps; per-rep param 'line_offset' = degrees of hip lift past the
    shoulder-hip-knee line (0 = in line, negative = hips low, positive = over-arched)."""

    reps: list[RepSpec]
    lead_in_s: float = 1.0
    tail_s: float = 1.0
    knee_top: float = 95.0
    exercise: str | None = "glute_bridge"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        tl = build_timeline(self.reps, fps, self.lead_in_s, self.tail_s)
        rest = postures.bridge_rest_lift(body)
        line = postures.bridge_line_lift(body, self.knee_top)
        peak = np.full(tl.frames, line)
        for rep in tl.reps:
            target = rep.spec.params.get("shk_deg")
            lift = line + rep.spec.params.get("line_offset", 0.0)
            if target is not None:
                lift = postures.bridge_lift_for_angle(body, target, self.knee_top)
            peak[rep.start_frame : rep.end_frame + 1] = lift
        ch = {"lift": rest + tl.u * (peak - rest)}
        pose = postures.bridge_pose(body, ch, knee_top=self.knee_top)
        return Animation("glute_bridge", tl.frames, fps, pose, tl.reps)


# ----------------------------------------------------------------- concatenation
def concat_poses(parts: list[PoseBatch]) -> PoseBatch:
    keys = set().union(*(p.rotations for p in parts))
    out = PoseBatch(sum(p.frames for p in parts))
    for key in keys:
        out.rotations[key] = np.concatenate([_segment_rotations(p, key) for p in parts])
    out.root = np.concatenate([p.root_translation() for p in parts])
    return out


def _segment_rotations(pose: PoseBatch, key: str) -> np.ndarray:
    """A segment's world rotations; a part that leaves it free gets its parent's (approx.: identity)."""
    if key in pose.rotations:
        return pose.rotations[key]
    return np.tile(np.eye(3), (pose.frames, 1, 1))


def _ramp(n: int) -> np.ndarray:
    from .geometry import smoothstep

    return smoothstep(np.linspace(0.0, 1.0, n))


# -------------------------------------------------------------- hip flexor stretch
@dataclass
class StretchScript:
    """Half-kneeling hip flexor stretch: hold with one knee down, a break, the other side.

    phases: (kind, seconds) with kind in 'stand', 'down:L', 'hold:L', 'up:L', 'down:R', ...
    'L' means the LEFT knee is on the floor.
    """

    phases: list[tuple[str, float]]
    back_thigh: float = 18.0  # back hip extension (thigh behind the trunk)
    back_shin: float = 14.0
    front_shin: float = 0.0
    seed: int = 0
    exercise: str | None = "hip_flexor_stretch"
    sway_deg: float = 1.5  # gentle rocking while held: the back hip's extension swings this much

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        rng = np.random.default_rng(self.seed)
        parts: list[PoseBatch] = []
        holds: dict[str, list[list[float]]] = {}
        frame = 0
        for kind, seconds in self.phases:
            n = int(round(seconds * fps))
            action, _, side = kind.partition(":")
            k = {"stand": np.zeros(n), "down": _ramp(n), "hold": np.ones(n), "up": 1 - _ramp(n)}[action]
            t = (frame + np.arange(n)) / fps
            sway = self.sway_deg * np.sin(2 * np.pi * t / rng.uniform(4.5, 5.5)) if action == "hold" else 0.0
            ch = {
                "k": k,
                "back_thigh": np.full(n, self.back_thigh) + sway,
                "back_shin": np.full(n, self.back_shin),
                "front_shin": np.full(n, self.front_shin),
                "trunk": k * -3.0 + (1 - k) * 2.0 + (4.0 * np.sin(np.pi * _ramp(n)) if action == "stand" else 0.0),
            }
            parts.append(postures.kneel_pose(body, ch, side or "L"))
            if action == "hold":
                holds.setdefault(side, []).append([round(frame / fps, 3), round((frame + n) / fps, 3)])
            frame += n
        hold_list = [
            {"side": "left" if s == "L" else "right", "segments": seg, "held_s": round(sum(b - a for a, b in seg), 3)}
            for s, seg in holds.items()
        ]
        return Animation("hip_flexor_stretch", frame, fps, concat_poses(parts), [], hold_list)


# ------------------------------------------------------------------ person leaves
@dataclass
class LeaveAndReturnScript:
    """Squat reps, walk out of the frame (facing -Y), stay away, walk back, more reps."""

    first: list[RepSpec]
    second: list[RepSpec]
    walk_out_m: float = 3.2
    away_s: float = 3.6
    speed: float = 1.25
    exercise: str | None = "squat"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        a = SquatScript(self.first, lead_in_s=1.0, tail_s=0.3).animate(body, fps)
        b = SquatScript(self.second, lead_in_s=0.6, tail_s=1.0).animate(body, fps)
        assert a.pose is not None and b.pose is not None
        home = self._hip_xy(body, a.pose, 0)
        out = self._walk(body, fps, home, home - [0, self.walk_out_m], 0.0, 0.0)
        away_n = int(round(self.away_s * fps))
        away = PoseBatch(away_n)
        away.root = np.tile([0.0, -50.0, 0.0], (away_n, 1))
        back = self._walk(body, fps, home - [0, self.walk_out_m], home, 180.0, 0.0)
        parts = [a.pose, out, away, back, b.pose]
        offsets = np.cumsum([0] + [p.frames for p in parts])
        present = np.ones(offsets[-1], dtype=bool)
        present[offsets[2] : offsets[3]] = False
        reps = list(a.reps) + [_shift(r, int(offsets[4]), len(a.reps)) for r in b.reps]
        return Animation("squat", int(offsets[-1]), fps, concat_poses(parts), reps, [], present)

    def _hip_xy(self, body: AnnyBody, pose: PoseBatch, f: int) -> np.ndarray:
        heads = body.fk_heads(pose)[f]
        return (heads[body.labels.index("upperleg01.L"), :2] + heads[body.labels.index("upperleg01.R"), :2]) / 2

    def _walk(self, body: AnnyBody, fps: float, start: np.ndarray, end: np.ndarray, yaw: float, end_yaw: float) -> PoseBatch:
        dist = float(np.linalg.norm(end - start))
        n_walk = int(round(dist / self.speed * fps))
        n_turn = int(round(0.8 * fps)) if yaw != end_yaw else 0
        s = np.linspace(0.0, 1.0, n_walk)
        pos = start + (end - start) * s[:, None]
        amount = np.clip(np.minimum(s, 1 - s) * dist / 0.35, 0.0, 1.0)
        phase = 2 * np.pi * s * dist / 1.3
        yaws = np.full(n_walk, yaw)
        if n_turn:
            pos = np.concatenate([pos, np.tile(end, (n_turn, 1))])
            amount = np.concatenate([amount, np.zeros(n_turn)])
            phase = np.concatenate([phase, np.full(n_turn, phase[-1])])
            yaws = np.concatenate([yaws, yaw + (end_yaw - yaw) * _ramp(n_turn)])
        return postures.walk_pose(body, phase, amount, yaws, pos)


def _shift(rep: RepTiming, offset: int, index_offset: int) -> RepTiming:
    offset = int(offset)  # plain ints: the truth JSON cannot serialise numpy integers
    return RepTiming(
        rep.index + index_offset, rep.start_frame + offset, rep.peak_frame + offset,
        rep.end_frame + offset, (rep.hold_frames[0] + offset, rep.hold_frames[1] + offset), rep.spec,
    )  # fmt: skip


# ------------------------------------------------------------------- empty room
@dataclass
class EmptyScript:
    seconds: float = 10.0
    exercise: str | None = None

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        n = int(round(self.seconds * fps))
        return Animation(None, n, fps, None, [], [], np.zeros(n, dtype=bool))
