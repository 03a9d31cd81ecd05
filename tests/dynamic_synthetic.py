"""Dynamic standing movements as 3D stick figures with exact truth: leg swings and circles, rope jumps, banded side
steps, each with tempo changes and pauses. Built on ``standing_synthetic`` (its frame: forward, left, up)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from posecoach.landmarks import Pose
from standing_synthetic import ANKLE_UP_M, FORWARD, LEFT, STANDING_HIP_M, UP, Leg, body_point, standing_joints
from synthetic import HIP_HALF_M, project, unit


@dataclass(frozen=True)
class Swing:
    """One swing cycle from the far (back / across) end where the last one left the leg, to the front (out) end
    ``front_deg`` and back to ``back_deg`` behind (across); ``bend_deg`` bends the trunk forward at the waist
    (most mid-swing), ``trunk_follow`` turns the trunk against the leg (degrees of trunk per degree of leg)."""

    side: str
    period_s: float
    front_deg: float = 40.0
    back_deg: float = 25.0
    bend_deg: float = 0.0
    trunk_follow: float = 0.0


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass
class SwingTruth:
    side: str
    start_s: float
    peak_s: float
    end_s: float
    range_deg: float
    faults: set[str] = field(default_factory=set)


ENTRY_S = 0.5  # from standing to the far end before the first swing of a bout, and back after its last


def _smooth(u: float) -> float:
    u = min(max(u, 0.0), 1.0)
    return (1 - math.cos(math.pi * u)) / 2


def swing_script(steps: list[Swing | Pause], plane: str = "sagittal", yaw_deg: float = 90.0, noise_px: float = 1.0,
                 lead_s: float = 1.0, seed: int = 3) -> tuple[Callable[[float], Pose], float, list[SwingTruth]]:
    """``plane``: ``sagittal`` (forward and back), ``frontal`` (out and across), ``circle`` (a cone: out, forward,
    across, back; its ends are out and across). Returns pose_at(t), the duration and one truth per swing."""
    # Piecewise leg angle per side: (t0, t1, side, f(t) -> (angle, bend, trunk, ahead)).
    pieces: list[tuple[float, float, str, Callable[[float], tuple[float, float, float, float]]]] = []
    truths: list[SwingTruth] = []
    t = lead_s
    previous: Swing | None = None
    for index, step in enumerate(steps):
        if isinstance(step, Pause):
            t += step.seconds
            previous = None
            continue
        nxt = steps[index + 1] if index + 1 < len(steps) else None
        if previous is None:  # from standing to the far end
            back = step.back_deg
            pieces.append((t, t + ENTRY_S, step.side, lambda s, t0=t, b=back: (-b * _smooth((s - t0) / ENTRY_S), 0.0, 0.0, 0.0)))
            t += ENTRY_S
        t0, period = t, step.period_s
        came_from = previous.back_deg if previous is not None else step.back_deg

        def leg(s: float, t0=t0, step=step, came_from=came_from) -> tuple[float, float, float, float]:
            u = (s - t0) / step.period_s
            start, end = (-came_from, step.front_deg) if u < 0.5 else (step.front_deg, -step.back_deg)
            angle = start + (end - start) * _smooth(2 * u if u < 0.5 else 2 * u - 1)
            bend = step.bend_deg * math.sin(math.pi * u) ** 2
            return angle, bend, step.trunk_follow * (angle + came_from), step.front_deg * math.sin(2 * math.pi * u)

        pieces.append((t0, t0 + period, step.side, leg))
        faults = ({"waist_bend"} if step.bend_deg else set()) | ({"trunk_swing"} if step.trunk_follow else set())
        truths.append(SwingTruth(step.side, t0, t0 + period / 2, t0 + period, step.front_deg + came_from, faults))
        t += period
        if not isinstance(nxt, Swing) or nxt.side != step.side:  # back from the far end to standing
            back = step.back_deg
            pieces.append((t, t + ENTRY_S, step.side, lambda s, t0=t, b=back: (-b * (1 - _smooth((s - t0) / ENTRY_S)), 0.0, 0.0, 0.0)))
            t += ENTRY_S
            previous = None
        else:
            previous = step
    duration = t + 1.0
    rng = np.random.default_rng(seed)

    def pose_at(s: float) -> Pose:
        side, angle, bend, trunk, ahead = "LEFT", 0.0, 0.0, 0.0, 0.0
        for t0, t1, piece_side, f in pieces:
            if t0 <= s < t1:
                side, (angle, bend, trunk, ahead) = piece_side, f(s)
                break
        joints = swing_joints(side, angle, plane, bend, trunk, ahead_deg=ahead)
        return project(joints, yaw_deg=yaw_deg, noise_px=noise_px, rng=rng)

    return pose_at, duration, truths


def swing_joints(side: str, angle_deg: float, plane: str = "sagittal", bend_deg: float = 0.0,
                 trunk_deg: float = 0.0, ahead_deg: float = 0.0) -> dict[str, np.ndarray]:
    """Standing on one leg, the other (``side``) straight at ``angle_deg`` in the swing's plane (forward / out
    positive); a circle also swings it ``ahead_deg`` forward (a quarter turn after the out part).
    ``trunk_deg`` turns the trunk with the leg: back as the leg goes forward (sagittal), away from it (frontal)."""
    sign = 1.0 if side == "LEFT" else -1.0
    other = "RIGHT" if side == "LEFT" else "LEFT"
    a = math.radians(angle_deg)
    if plane == "sagittal":
        leg = -math.cos(a) * UP + math.sin(a) * FORWARD
    elif plane == "frontal":
        leg = -math.cos(a) * UP + math.sin(a) * sign * LEFT
    else:  # circle: the leg's out and forward parts as tangents, so each reads its own angle from its own view
        leg = unit(-UP + math.tan(a) * sign * LEFT + math.tan(math.radians(ahead_deg)) * FORWARD)
    legs = {
        side: Leg(thigh=leg, shin=leg),
        other: Leg(ankle=body_point(0.0, -sign * HIP_HALF_M, ANKLE_UP_M)),
    }
    if plane == "sagittal":
        return standing_joints(body_point(up=STANDING_HIP_M - 0.005), legs, trunk_lean_deg=bend_deg - trunk_deg)
    return standing_joints(body_point(up=STANDING_HIP_M - 0.005), legs, trunk_lean_deg=bend_deg, trunk_side_deg=sign * trunk_deg)


# --- rope jumps -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Jumps:
    """``count`` jumps at ``period_s`` each: in the air for ``air_share`` of it, up to ``height_m``; on the floor
    the knees bend as the hips dip ``dip_m`` (0.03 m: knees ~150 deg; under 0.005 m: locked, ~170 deg)."""

    count: int
    period_s: float
    height_m: float = 0.06
    dip_m: float = 0.035
    air_share: float = 0.5


def jump_script(steps: list[Jumps | Pause], yaw_deg: float = 90.0, noise_px: float = 1.0, lead_s: float = 1.5,
                seed: int = 3) -> tuple[Callable[[float], Pose], float, list[tuple[float, bool]]]:
    """pose_at(t), the duration and (takeoff time, stiff landing) of every jump. A jump's landing is judged with the
    jump it lands from."""
    pieces: list[tuple[float, Jumps]] = []
    jumps: list[tuple[float, bool]] = []
    t = lead_s
    for step in steps:
        if isinstance(step, Pause):
            t += step.seconds
            continue
        for _ in range(step.count):
            pieces.append((t, step))
            jumps.append((t, step.dip_m < 0.01))
            t += step.period_s
    rng = np.random.default_rng(seed)

    def pose_at(s: float) -> Pose:
        lift = dip = 0.0
        on_toes = False
        for t0, step in pieces:
            if t0 <= s < t0 + step.period_s:
                u = (s - t0) / step.period_s
                on_toes = True
                if u < step.air_share:
                    lift = step.height_m * math.sin(math.pi * u / step.air_share)
                else:
                    dip = step.dip_m * math.sin(math.pi * (u - step.air_share) / (1 - step.air_share))
                break
        # on the balls of the feet while jumping: heels up 15 deg about the toes (the toe point stays where it was)
        pitch = math.radians(15.0 if on_toes else 0.0)
        toes = 0.15 * math.sin(pitch)
        foot = tuple(unit(FORWARD * math.cos(pitch) - UP * math.sin(pitch)))
        legs = {side: Leg(ankle=body_point(0.0, sign * HIP_HALF_M, ANKLE_UP_M + toes + lift), foot=foot)
                for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0))}
        pelvis = body_point(0.02 * dip / 0.035, 0.0, STANDING_HIP_M + 0.003 + toes + lift - dip)  # legs straight: ~172 deg
        return project(standing_joints(pelvis, legs, trunk_lean_deg=5.0, arms=unit(-UP + 0.3 * FORWARD)), yaw_deg=yaw_deg, noise_px=noise_px, rng=rng)

    return pose_at, t + 1.5, jumps


# --- banded side steps ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One side step toward ``side`` (the person's own): the lead foot moves ``width_m`` out, then the trailing
    foot follows, stopping ``short_m`` short. Faults: ``rise_m`` lifts the hips mid-step (knees straightening),
    ``sway_deg`` tips the trunk toward the lead leg, ``hop_m`` lifts both feet at once."""

    side: str
    seconds: float = 1.2
    width_m: float = 0.3
    short_m: float = 0.0
    rise_m: float = 0.0
    sway_deg: float = 0.0
    hop_m: float = 0.0


SQUAT_DROP_M = 0.06  # hips below standing in the half squat (knees ~140 deg)


def banded_script(steps: list[Step | Pause], start_left_m: float = -0.4, yaw_deg: float = 0.0, noise_px: float = 1.0,
                  lead_s: float = 1.5, seed: int = 3) -> tuple[Callable[[float], Pose], float]:
    """pose_at(t) and the duration. The feet start hip-width apart, ``start_left_m`` along the person's left."""
    feet = {"LEFT": start_left_m + HIP_HALF_M, "RIGHT": start_left_m - HIP_HALF_M}
    plan: list[tuple[float, float, Step | None, dict[str, float]]] = []
    t = lead_s
    for step in steps:
        before = dict(feet)
        if isinstance(step, Step):
            sign = 1.0 if step.side == "LEFT" else -1.0
            trail = "RIGHT" if step.side == "LEFT" else "LEFT"
            feet[step.side] += sign * step.width_m
            feet[trail] += sign * (step.width_m - step.short_m)
            plan.append((t, t + step.seconds, step, before))
            t += step.seconds
        else:
            plan.append((t, t + step.seconds, None, before))
            t += step.seconds
    final = dict(feet)
    rng = np.random.default_rng(seed)

    def pose_at(s: float) -> Pose:
        place, step, u = final, None, 0.0
        for t0, t1, item, before in plan:
            if t0 <= s < t1:
                place, step, u = before, item, (s - t0) / (t1 - t0)
                break
        if s < plan[0][0]:
            place = plan[0][3]
        ankles = dict(place)
        lifts = {"LEFT": 0.0, "RIGHT": 0.0}
        rise = sway = 0.0
        if step is not None:
            sign = 1.0 if step.side == "LEFT" else -1.0
            trail = "RIGHT" if step.side == "LEFT" else "LEFT"
            lead_u, trail_u = _smooth(u / 0.45), _smooth((u - 0.5) / 0.45)
            ankles[step.side] += sign * step.width_m * lead_u
            ankles[trail] += sign * (step.width_m - step.short_m) * trail_u
            lifts[step.side] = 0.03 * math.sin(math.pi * min(u / 0.45, 1.0))
            lifts[trail] = 0.03 * math.sin(math.pi * min(max((u - 0.5) / 0.45, 0.0), 1.0))
            bump = math.sin(math.pi * u) ** 2
            rise, sway = step.rise_m * bump, sign * step.sway_deg * bump
            hop = step.hop_m * bump
            lifts = {side: lift + hop for side, lift in lifts.items()}
        centre = (ankles["LEFT"] + ankles["RIGHT"]) / 2
        hop_up = min(lifts.values())
        legs = {side: Leg(ankle=body_point(0.05, ankles[side], ANKLE_UP_M + lifts[side]), knee_toward=tuple(FORWARD)) for side in ("LEFT", "RIGHT")}
        pelvis = body_point(-0.05, centre, STANDING_HIP_M - SQUAT_DROP_M + rise + hop_up)
        # trunk_side_deg > 0 tips toward the person's right: toward a lead leg on the left is negative
        joints = standing_joints(pelvis, legs, trunk_lean_deg=15.0, trunk_side_deg=-sway)
        return project(joints, yaw_deg=yaw_deg, noise_px=noise_px, rng=rng, centre_m=np.zeros(3))

    return pose_at, t + 1.5
