"""Dynamic standing scripts (issue 13): rope jumps with tempo changes and breaks, every jump in the truth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .body import AnnyBody, PoseBatch
from .exercises import Animation
from .motion import RepSpec, RepTiming
from . import postures


@dataclass(frozen=True)
class JumpBlock:
    """``count`` jumps, ``period_s`` each, ``air_share`` of it in the air up to ``height_m``; on the floor the knees
    bend to ``180 - bend_deg`` (soft: 30-40 deg of bend; ``stiff``: 4 deg, knees locked)."""

    count: int
    period_s: float
    height_m: float = 0.06
    bend_deg: float = 34.0
    air_share: float = 0.5
    stiff: bool = False


@dataclass(frozen=True)
class Rest:
    seconds: float


@dataclass
class JumpRopeScript:
    """Standing, then blocks of rope jumps and rests. Each jump's truth: start = take-off, peak = top, end =
    touch-down; ``stiff_landing`` marks a jump that lands with the knees locked (its landing, after its end)."""

    blocks: list[JumpBlock | Rest]
    lead_in_s: float = 1.2
    tail_s: float = 1.0
    exercise: str | None = "jump_rope"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        t = self.lead_in_s
        jumps: list[tuple[float, JumpBlock]] = []
        for block in self.blocks:
            if isinstance(block, Rest):
                t += block.seconds
                continue
            for _ in range(block.count):
                jumps.append((t, block))
                t += block.period_s
        frames = int(round((t + self.tail_s) * fps))
        times = np.arange(frames) / fps
        lift, bend, toes = np.zeros(frames), np.zeros(frames), np.zeros(frames)
        reps: list[RepTiming] = []
        for index, (t0, block) in enumerate(jumps, start=1):
            u = (times - t0) / block.period_s
            inside = (u >= 0) & (u < 1)
            air = inside & (u < block.air_share)
            ground = inside & ~air
            lift[air] = block.height_m * np.sin(np.pi * u[air] / block.air_share)
            bend_deg = 4.0 if block.stiff else block.bend_deg
            bend[ground] = bend_deg * np.sin(np.pi * (u[ground] - block.air_share) / (1 - block.air_share))
            toes[inside] = 1.0
            start = int(np.ceil(t0 * fps))
            peak = int(round((t0 + block.period_s * block.air_share / 2) * fps))
            end = int(round((t0 + block.period_s * block.air_share) * fps))
            spec = RepSpec(faults=("stiff_landing",) if block.stiff else (), params={"height_m": block.height_m, "period_s": block.period_s})
            reps.append(RepTiming(index, start, peak, end, (peak, peak), spec))
        # between jumps on the balls of the feet (heel up ~12 deg), knees bending on landing; standing: flat, straight
        ch = {
            "knee": 178.0 - bend, "shin": 0.45 * bend, "trunk": 4.0 + 0.3 * bend, "heel": 12.0 * toes,
            "cave": np.zeros(frames), "arms": 20.0 + 5.0 * toes, "elbow": 60.0 * toes + 10.0,
        }
        pose = postures.squat_pose(body, ch, toe_out=6.0)
        pose.root = pose.root + np.stack([np.zeros(frames), np.zeros(frames), lift], axis=1)
        return Animation(self.exercise, frames, fps, pose, reps)


# ------------------------------------------------------------------ leg swings and circles
@dataclass(frozen=True)
class SwingSpec:
    """One swing cycle, starting at the far (back / across) end where the last one left the leg: to ``front_deg``
    (forward / out) and back to ``back_deg`` behind (across). ``bend_deg`` bends the trunk forward at the waist,
    most mid-swing (``waist_bend``); ``trunk_follow`` turns the trunk against the leg, degrees of trunk per degree
    of leg (``trunk_swing``); ``fast_narrow`` marks the truth of a quick short swing."""

    side: str  # "L" / "R"
    period_s: float
    front_deg: float = 45.0
    back_deg: float = 25.0
    bend_deg: float = 0.0
    trunk_follow: float = 0.0
    fast_narrow: bool = False


SWING_ENTRY_S = 0.6  # from standing to the far end before a bout's first swing, and back after its last


def _smooth(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 0.0, 1.0)
    return (1 - np.cos(np.pi * u)) / 2


@dataclass
class LegSwingScript:
    """Blocks of leg swings (``SwingSpec``) and rests; ``plane``: ``sagittal`` (front-back), ``frontal`` (side),
    ``circle`` (out and across with a forward / back part a quarter turn later). The truth of each swing: start and
    end at its far ends, peak at its front (out) end, side, faults, and its commanded range (far end to front end)."""

    steps: list[SwingSpec | Rest]
    plane: str = "sagittal"
    exercise: str | None = "leg_swing_front_back"
    lead_in_s: float = 1.0
    tail_s: float = 0.8

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        assert body is not None
        pieces: list[tuple[float, float, str, object]] = []
        cycles: list[tuple[float, SwingSpec, float]] = []
        t, previous = self.lead_in_s, None
        for index, step in enumerate(self.steps):
            if isinstance(step, Rest):
                t, previous = t + step.seconds, None
                continue
            if previous is None:
                pieces.append((t, t + SWING_ENTRY_S, step.side, ("in", step.back_deg)))
                t += SWING_ENTRY_S
            came_from = previous.back_deg if previous is not None else step.back_deg
            pieces.append((t, t + step.period_s, step.side, ("swing", step, came_from)))
            cycles.append((t, step, came_from))
            t += step.period_s
            nxt = self.steps[index + 1] if index + 1 < len(self.steps) else None
            if not isinstance(nxt, SwingSpec) or nxt.side != step.side:
                pieces.append((t, t + SWING_ENTRY_S, step.side, ("out", step.back_deg)))
                t, previous = t + SWING_ENTRY_S, None
            else:
                previous = step
        frames = int(round((t + self.tail_s) * fps))
        times = np.arange(frames) / fps
        angle, ahead, bend, trunk = (np.zeros(frames) for _ in range(4))
        side_of = np.full(frames, "L")
        for t0, t1, side, what in pieces:
            inside = (times >= t0) & (times < t1)
            u = (times[inside] - t0) / (t1 - t0)
            side_of[inside] = side
            if what[0] == "in":
                angle[inside] = -what[1] * _smooth(u)
            elif what[0] == "out":
                angle[inside] = -what[1] * (1 - _smooth(u))
            else:
                step, came_from = what[1], what[2]
                first = u < 0.5
                a = np.where(first, -came_from + (step.front_deg + came_from) * _smooth(2 * u),
                             step.front_deg - (step.front_deg + step.back_deg) * _smooth(2 * u - 1))
                angle[inside] = a
                ahead[inside] = step.front_deg * np.sin(2 * np.pi * u)
                bend[inside] = step.bend_deg * np.sin(np.pi * u) ** 2
                trunk[inside] = step.trunk_follow * (a + came_from)
        reps = []
        for index, (t0, step, came_from) in enumerate(cycles, start=1):
            faults = tuple(code for code, on in (("waist_bend", step.bend_deg > 0), ("trunk_swing", step.trunk_follow > 0),
                                                  ("fast_narrow", step.fast_narrow)) if on)
            start, end = int(round(t0 * fps)), int(round((t0 + step.period_s) * fps))
            peak = int(round((t0 + step.period_s / 2) * fps))
            spec = RepSpec(faults=faults, side=step.side, params={"range_deg": step.front_deg + came_from, "period_s": step.period_s})
            reps.append(RepTiming(index, start, peak, end, (peak, peak), spec))
        pose = leg_swing_pose(body, side_of, angle, ahead, bend, trunk, self.plane)
        return Animation(self.exercise, frames, fps, pose, reps, sided=True)


def leg_swing_pose(body: AnnyBody, side_of: np.ndarray, angle: np.ndarray, ahead: np.ndarray, bend: np.ndarray,
                   trunk: np.ndarray, plane: str) -> PoseBatch:
    """Standing on one leg, both legs first turned straight down; the other leg (``side_of`` per frame) at
    ``angle`` in the swing's plane (+ ``ahead`` forward for a circle); the trunk bent ``bend`` forward and turned
    ``trunk`` against the leg; the standing foot's ball stays on its rest spot."""
    from .geometry import rot_between, rot_x, rot_y

    n = len(angle)
    pose = PoseBatch(n)
    left = side_of == "L"
    lean = bend - np.where(plane == "sagittal", trunk, 0.0)
    tilt = np.where(left, -1.0, 1.0) * (trunk if plane != "sagittal" else 0.0)  # away from the swinging leg
    spine = rot_y(tilt) @ rot_x(lean * 1.0)
    for segment, share in (("pelvis", 0.7), ("spine_lower", 0.9), ("spine_upper", 1.0), ("neck", 0.6), ("head", 0.4)):
        pose.set(segment, rot_y(tilt * share) @ rot_x(lean * share))
    down = np.array([0.0, 0.0, -1.0])
    for side, sign in (("L", 1.0), ("R", -1.0)):
        hip, ankle = body.head(f"upperleg01.{side}"), body.head(f"foot.{side}")
        straight = rot_between(ankle - hip, down)
        swinging = side_of == side
        if plane == "sagittal":
            swing = rot_x(-np.where(swinging, angle, 0.0))
        elif plane == "frontal":
            swing = rot_y(-sign * np.where(swinging, angle, 0.0))
        else:
            swing = rot_x(-np.where(swinging, ahead, 0.0)) @ rot_y(-sign * np.where(swinging, angle, 0.0))
        pose.set(f"thigh_{side}", swing @ straight)
        pose.set(f"shin_{side}", swing @ straight)
        pose.set(f"foot_{side}", swing)
        pose.set(f"toes_{side}", swing)
    postures.set_arms(pose, body, 15.0, 20.0, spread_deg=25.0, base=spine)
    pose.root = np.zeros((n, 3))
    heads = body.fk_heads(pose)
    stand = np.where(left, "R", "L")
    for side in ("L", "R"):
        rows = stand == side
        ref = postures.ball_of_foot(body, body.ref_heads, side)
        now = postures.ball_of_foot(body, heads, side)
        pose.root[rows] = ref - now[rows] - np.array([0.0, 0.0, body.floor_z])
    return pose


# ------------------------------------------------------------------ banded side walk
@dataclass(frozen=True)
class SideStep:
    """One side step toward the person's ``side`` ("L" / "R"): the lead foot moves ``width_m`` out (first 45 % of
    ``seconds``), the trailing foot follows (last 45 %), stopping ``short_m`` short (``feet_apart``). Faults mid-step:
    ``straighten`` (knees to ~170 deg, ``knees_straighten``), ``sway_deg`` (trunk tipped toward the lead leg,
    ``trunk_bob``), ``hop_m`` (both feet off the floor, ``hop``)."""

    side: str
    seconds: float = 1.2
    width_m: float = 0.3
    short_m: float = 0.0
    straighten: bool = False
    sway_deg: float = 0.0
    hop_m: float = 0.0


BAND_KNEE_DEG, BAND_SHIN_DEG, BAND_TRUNK_DEG = 140.0, 18.0, 15.0  # the half squat of a band walk
STEP_LIFT_DEG = 14.0  # extra hip and knee bend that lifts a stepping foot ~3 cm


@dataclass
class BandedWalkScript:
    steps: list[SideStep | Rest]
    start_x_m: float = 0.0  # the pelvis's start, along the person's left (+X)
    lead_in_s: float = 1.2
    tail_s: float = 1.0
    exercise: str | None = "banded_walk"

    def animate(self, body: AnnyBody | None, fps: float) -> Animation:
        from .geometry import rot_between, rot_x, rot_y

        assert body is not None
        half = 0.11  # ankles at hip width
        t = self.lead_in_s
        feet = {"L": self.start_x_m + half, "R": self.start_x_m - half}
        plan: list[tuple[float, SideStep, dict[str, float]]] = []
        for step in self.steps:
            if isinstance(step, Rest):
                t += step.seconds
                continue
            plan.append((t, step, dict(feet)))
            sign = 1.0 if step.side == "L" else -1.0
            trail = "R" if step.side == "L" else "L"
            feet[step.side] += sign * step.width_m
            feet[trail] += sign * (step.width_m - step.short_m)
            t += step.seconds
        frames = int(round((t + self.tail_s) * fps))
        times = np.arange(frames) / fps
        x = {"L": np.full(frames, feet["L"]), "R": np.full(frames, feet["R"])}
        lift = {"L": np.zeros(frames), "R": np.zeros(frames)}
        knee, sway, hop = np.full(frames, BAND_KNEE_DEG), np.zeros(frames), np.zeros(frames)
        first = plan[0][2] if plan else feet
        before_first = times < (plan[0][0] if plan else 0.0)
        for s in ("L", "R"):
            x[s][before_first] = first[s]
        reps = []
        for index, (t0, step, start) in enumerate(plan, start=1):
            sign = 1.0 if step.side == "L" else -1.0
            trail = "R" if step.side == "L" else "L"
            inside = (times >= t0) & (times < t0 + step.seconds)
            u = (times[inside] - t0) / step.seconds
            lead_u, trail_u = _smooth(u / 0.45), _smooth((u - 0.55) / 0.45)
            x[step.side][inside] = start[step.side] + sign * step.width_m * lead_u
            x[trail][inside] = start[trail] + sign * (step.width_m - step.short_m) * trail_u
            lift[step.side][inside] = np.sin(np.pi * np.clip(u / 0.45, 0, 1))
            lift[trail][inside] = np.sin(np.pi * np.clip((u - 0.55) / 0.45, 0, 1))
            bump = np.sin(np.pi * u) ** 2
            if step.straighten:
                knee[inside] = BAND_KNEE_DEG + (170.0 - BAND_KNEE_DEG) * bump
            sway[inside] = sign * step.sway_deg * bump
            hop[inside] = step.hop_m * bump
            # later steps start where this one ended: hold the feet there until the next step
            after = times >= t0 + step.seconds
            x[step.side][after] = start[step.side] + sign * step.width_m
            x[trail][after] = start[trail] + sign * (step.width_m - step.short_m)
            faults = tuple(code for code, on in (("feet_apart", step.short_m > 0), ("knees_straighten", step.straighten),
                                                  ("trunk_bob", step.sway_deg > 0), ("hop", step.hop_m > 0)) if on)
            start_f, end_f = int(round(t0 * fps)), int(round((t0 + step.seconds) * fps))
            peak = int(round((t0 + 0.5 * step.seconds) * fps))
            spec = RepSpec(faults=faults, side=step.side, params={"width_m": step.width_m, "short_m": step.short_m})
            reps.append(RepTiming(index, start_f, peak, end_f, (peak, peak), spec))
        # a band walker's pelvis stays between the feet
        pelvis_x = (x["L"] + x["R"]) / 2
        n = frames
        pose = PoseBatch(n)
        shin = np.full(n, BAND_SHIN_DEG) * (180.0 - knee) / (180.0 - BAND_KNEE_DEG)
        trunk = np.full(n, BAND_TRUNK_DEG)
        tilt = sway  # rot_y(+) tips the trunk toward the person's left (+X): toward a lead leg on the left
        for segment, share in (("pelvis", 0.5), ("spine_lower", 0.8), ("spine_upper", 1.0), ("neck", 0.6), ("head", 0.4)):
            pose.set(segment, rot_y(tilt * share) @ rot_x(trunk * share))
        down = np.array([0.0, 0.0, -1.0])
        for side, sign in (("L", 1.0), ("R", -1.0)):
            hip, ankle = body.head(f"upperleg01.{side}"), body.head(f"foot.{side}")
            straight = rot_between(ankle - hip, down)
            k = knee - STEP_LIFT_DEG * 1.4 * lift[side]
            s_deg = shin
            thigh_fv = 180.0 - s_deg - k
            reach = 0.85 * np.cos(np.radians(thigh_fv * 0.5))
            out = np.degrees(np.arctan2((x[side] - (pelvis_x + sign * half)) * sign, reach))
            abduct = rot_y(-sign * out)
            pose.set(f"thigh_{side}", abduct @ rot_x(-thigh_fv) @ straight)
            pose.set(f"shin_{side}", abduct @ rot_x(s_deg) @ straight)
            pose.set(f"foot_{side}", abduct)
            pose.set(f"toes_{side}", abduct)
        postures.set_arms(pose, body, 30.0, 40.0, spread_deg=15.0, base=rot_x(trunk))
        pose.root = np.zeros((n, 3))
        heads = body.fk_heads(pose)
        stance = np.where(lift["L"] <= lift["R"], "L", "R")
        for side in ("L", "R"):
            rows = stance == side
            ref = postures.ball_of_foot(body, body.ref_heads, side)
            now = postures.ball_of_foot(body, heads, side)
            pose.root[rows] = (ref - now[rows]) + np.array([0.0, 0.0, -body.floor_z])
            # move the planted foot to its place along the walk (its rest spot is at x = ref[0])
            pose.root[rows, 0] += x[side][rows] - ref[0]
        pose.root[:, 2] += hop
        return Animation(self.exercise, n, fps, pose, reps, sided=True)
