"""Readings and the shared build of the leg swings (``leg_swing_front_back``, ``leg_swing_side``, ``leg_circle``):
balance on one leg and swing the other, about 30 s, then switch.

A swing is one full cycle of the swinging leg's signed angle from vertical (hip to ankle, in the image): it leaves
toward the front (or out to the side) past ``leave``, and ends when the leg has come back through vertical to the
other side past ``rest``. Its range is from the far end just before it (the most rest-like frame of the lead-in) to
its peak, so every swing carries its range in degrees and how long the half swing took. The side is the leg that
swings (the one further from vertical at the peak). Bouts of swings give the time per leg.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from posecoach.exercises.base import (
    Bouts, Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, RepRule, RepSpan, Sides,
    Threshold, near_joint,
)
from posecoach.exercises.stance import torso_share
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import landmark, mid, point

NAN = float("nan")
SIDE_ON = frozenset({View.SIDE, View.OBLIQUE})
LegAngle = Callable[[BodyMeasures, Side], float]

TURNAROUND = Threshold("swing_turnaround_deg", 5.0, "deg", "back from the swing's peak by this much: the leg is on its way back")
MIN_SWING_S = Threshold(
    "min_swing_s", 0.2, "s",
    "the forward (or outward) half of a swing takes 0.3-0.8 s; a shorter excursion is landmark noise, not a swing",
)
BOUT_GAP = Threshold(
    "swing_break_s", 2.0, "s",
    "no swing for this long ends a bout: a swing cycle takes 0.8-2 s, a longer gap is a pause or the switch of legs",
)
BEND_DEG = Threshold(
    "waist_bend_max_deg", 25.0, "deg",
    "trunk bent forward past 25 deg (side-on: its angle; from the front or behind: acos of its foreshortened length, "
    "or its pitch in MediaPipe's world landmarks since the swing's far end): bending at the waist instead of standing "
    "tall; balancing against a swing moves an upright trunk by 5-10 deg",
)
TOWARD_CAMERA_GAIN = Threshold(
    "world_pitch_gain_toward_camera", 0.33, "ratio",
    "MediaPipe's world landmarks read a trunk pitching toward the camera at about a third of its angle (rendered "
    "squat from the front: gain 0.33 over 36 deg of lean; a 38-deg waist bend during a side swing reads +11), so a "
    "pitch change is divided by this to give degrees of bend",
)
AWAY_FROM_CAMERA_GAIN = Threshold(
    "world_pitch_gain_away_from_camera", 0.88, "ratio",
    "a trunk pitching away from the camera (a forward bend filmed from behind) reads at 0.88 of its angle (rendered "
    "lateral squat from behind, 55 deg of lean)",
)
TRUNK_SWING_DEG = Threshold(
    "trunk_swing_max_deg", 15.0, "deg",
    "the trunk turned this far against the leg since the swing's far end (leaning back to kick higher, away to lift "
    "it out): the trunk is swinging the leg; balancing keeps it within ~5-10 deg",
)
FAST_HALF_SWING_S = Threshold(
    "fast_half_swing_s", 0.5, "s",
    "a relaxed leg swings like a pendulum in ~1.2-1.6 s a cycle (a 0.9 m leg: 2*pi*sqrt(2L/3g) = 1.6 s); from one end "
    "to the other in under 0.5 s is being driven fast",
)
UPRIGHT_TRUNK = Threshold("upright_trunk_max_deg", 40.0, "deg", "stand tall to start: the trunk within this of vertical")
MIN_BOUT_SWINGS = Threshold(
    "min_bout_swings", 2, "swings",
    "swings count once the leg has swung twice in a row on one side (then both): a set is 15-20 swings, a single "
    "excursion is a step, a kick or someone walking or dancing past",
)


def facing(m: BodyMeasures) -> float:
    """+1 facing image right, -1 left (side views): from the face, else from the feet (heel to toe)."""
    if m.facing == m.facing:
        return m.facing
    toes = [point(m, "foot_index", side)[0] - point(m, "heel", side)[0] for side in Side]
    toes = [dx for dx in toes if dx == dx and dx != 0]
    return math.copysign(1.0, sum(toes)) if toes else NAN


def leg_forward_deg(m: BodyMeasures, side: Side) -> float:
    """A leg (hip to ankle) forward of vertical in the image, degrees (negative: behind); side-on or at an angle."""
    hip, ankle = point(m, "hip", side), point(m, "ankle", side)
    return math.degrees(math.atan2((ankle[0] - hip[0]) * facing(m), ankle[1] - hip[1]))


def leg_out_deg(m: BodyMeasures, side: Side) -> float:
    """A leg (hip to ankle) out to its own side of vertical, degrees (negative: across the other leg); from the
    front or behind, where the hip line shows which way is out."""
    hip, other_hip, ankle = point(m, "hip", side), point(m, "hip", side.other), point(m, "ankle", side)
    outward = math.copysign(1.0, hip[0] - other_hip[0]) if hip[0] != other_hip[0] else NAN
    return math.degrees(math.atan2((ankle[0] - hip[0]) * outward, ankle[1] - hip[1]))


def swinging_leg(m: BodyMeasures, angle: LegAngle) -> Side | None:
    """The leg further from vertical: the one swinging (the standing leg stays within a few degrees)."""
    angles = {side: abs(angle(m, side)) for side in Side}
    angles = {side: value for side, value in angles.items() if value == value}
    return max(angles, key=angles.get) if angles else None


def swing_reading(angle: LegAngle) -> Callable[[BodyMeasures], float]:
    def read(m: BodyMeasures) -> float:
        side = swinging_leg(m, angle)
        return angle(m, side) if side else NAN

    return read


def trunk_forward_deg(m: BodyMeasures) -> float:
    """The trunk (mid-hips to mid-shoulders) leaning forward of vertical, degrees (negative: back); side-on."""
    shoulders, hips = mid(m, "shoulder"), mid(m, "hip")
    return math.degrees(math.atan2((shoulders[0] - hips[0]) * facing(m), hips[1] - shoulders[1]))


def trunk_pitch_to_camera_deg(m: BodyMeasures) -> float:
    """The trunk (mid-hips to mid-shoulders) pitched toward the camera, degrees, in MediaPipe's world landmarks
    (metres, y down, z away from the camera); NaN without them (all zero) or with the trunk hidden in the image."""
    if m.pose is None or math.isnan(mid(m, "shoulder")[0] + mid(m, "hip")[0]):
        return NAN
    world = m.pose.world
    up = sum(world[landmark("shoulder", side)] - world[landmark("hip", side)] for side in Side) / 2
    return math.degrees(math.atan2(-up[2], -up[1])) if up[1] < 0 else NAN


def world_bend_since_deg(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the trunk has bent forward since ``start``, degrees, from the front or behind: its pitch toward the
    camera (facing it: the person's left hip on the image's right) or away from it, over MediaPipe's gain that way."""
    left, right = point(now, "hip", Side.LEFT)[0], point(now, "hip", Side.RIGHT)[0]
    toward_camera = trunk_pitch_to_camera_deg(now) - trunk_pitch_to_camera_deg(start)
    if left > right:
        return toward_camera / TOWARD_CAMERA_GAIN.value
    if left < right:
        return -toward_camera / AWAY_FROM_CAMERA_GAIN.value
    return NAN  # hips level in x, or hidden: no telling which way the person faces


def waist_bend_deg(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the trunk is bent forward, degrees: its angle side-on. From the front or behind, where a forward bend
    points the torso along the camera's axis: from how much shorter it looks than the longest seen lately, or from
    its pitch in the world landmarks since the swing's far end, whichever shows more (MediaPipe keeps much of the
    torso's image length through a bend toward the camera: 0.95 where the truth is 0.85 at 38 deg)."""
    if now.view in SIDE_ON:
        return trunk_forward_deg(now)
    share = torso_share(now)
    readings = [math.degrees(math.acos(min(share, 1.0))) if share == share else NAN, world_bend_since_deg(now, start)]
    readings = [value for value in readings if value == value]
    return max(readings) if readings else NAN


def trunk_sideways_deg(m: BodyMeasures) -> float:
    """The trunk leaning toward the image's right, degrees; from the front or behind."""
    shoulders, hips = mid(m, "shoulder"), mid(m, "hip")
    return math.degrees(math.atan2(shoulders[0] - hips[0], hips[1] - shoulders[1]))


def swing_signal(name: str, angle: LegAngle, rest_deg: float, leave_deg: float, full_deg: float, why: str) -> PhaseSignal:
    return PhaseSignal(
        name=name, unit="deg", read=swing_reading(angle),
        rest=Threshold(f"{name.replace(' ', '_')}_rest_deg", rest_deg, "deg", "the leg back through vertical to the other side: the swing is over"),
        leave=Threshold(f"{name.replace(' ', '_')}_leave_deg", leave_deg, "deg", "the leg this far from vertical: a swing has begun (standing reads 0-5)"),
        full=Threshold(f"{name.replace(' ', '_')}_full_deg", full_deg, "deg", why),
        turnaround=TURNAROUND,
    )  # fmt: skip


def span_signal(signals: dict[View, PhaseSignal], span: RepSpan) -> PhaseSignal | None:
    return signals.get(span.start.view)


def swing_range_deg(signals: dict[View, PhaseSignal]) -> Callable[[RepSpan], float]:
    """From the far end before the swing to its peak, degrees."""
    def read(span: RepSpan) -> float:
        signal = span_signal(signals, span)
        return signal.read(span.peak) - signal.read(span.rest) if signal else NAN

    return read


def half_swing_s(span: RepSpan) -> float:
    """From the far end before the swing to its peak, seconds."""
    return span.peak.timestamp_s - span.rest.timestamp_s


def trunk_counter_deg(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the trunk has turned against the leg since the swing's far end, degrees: leaning back as the leg
    swings forward (side-on), leaning away from the leg as it swings out (from the front). Bending forward at the
    waist turns it the other way and is not this."""
    if now.view in SIDE_ON:
        return trunk_forward_deg(start) - trunk_forward_deg(now)
    side = swinging_leg(now, leg_out_deg)
    if side is None:
        return NAN
    outward = math.copysign(1.0, point(now, "hip", side)[0] - point(now, "hip", side.other)[0])
    return (trunk_sideways_deg(start) - trunk_sideways_deg(now)) * outward


TRUNK_LEAN = {View.SIDE: trunk_forward_deg, View.OBLIQUE: trunk_forward_deg, View.FRONT: trunk_sideways_deg}
NARROW_CUE = "Slow down and swing wider: let the leg travel its full range."


def swing_exercise(
    name: str, title: str, how_to: str, camera: str, signals: dict[View, PhaseSignal], wide_min: Threshold,
    wrong_view_cue: str,
) -> RepExercise:
    """A leg swing exercise with its per-view signals; ``wide_min`` is the range under which a fast swing is narrow."""
    def fast_and_narrow(rep) -> bool:
        return rep.angles.get("swing_range_deg", NAN) < wide_min.value and rep.angles.get("half_swing_s", NAN) < FAST_HALF_SWING_S.value

    angle_of = {view: signal.read for view, signal in signals.items()}
    return RepExercise(
        name=name, title=title, how_to=how_to, camera=camera,
        target="30 s each leg, 2 rounds",
        wrong_view_cue=wrong_view_cue, signals=signals,
        sides=Sides.BLOCKED,
        side_of=lambda rest, peak: swinging_leg(peak, leg_forward_deg if peak.view in SIDE_ON else leg_out_deg),
        position=(
            PostureCheck(
                "not_upright", "Stand tall on one leg, a hand on a wall or chair if you like, to start.",
                reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
            ),
        ),
        min_rep_s=MIN_SWING_S,
        partial_code=None,  # a small swing is neither counted nor an attempt: it is how swings start and stop
        phase_words={Phase.REST: "swinging back", Phase.OUT: "swinging", Phase.PEAK: "swinging", Phase.BACK: "swinging back"},
        form_rules=(
            FormRule(
                "waist_bend", "Stand tall: keep your chest up instead of bending at the waist.",
                reading=waist_bend_deg, limit=BEND_DEG, fault_when=Fault.ABOVE, priority=2,
            ),
            FormRule(
                "trunk_swing", "Keep your trunk still: let the hip swing the leg.",
                reading=trunk_counter_deg, limit=TRUNK_SWING_DEG, fault_when=Fault.ABOVE, priority=1,
            ),
        ),
        rep_rules=(RepRule("fast_narrow", NARROW_CUE, fault=fast_and_narrow, limit=wide_min),),
        rep_readings={"swing_range_deg": swing_range_deg(signals), "half_swing_s": half_swing_s},
        bouts=Bouts(BOUT_GAP, activity="swinging", min_reps=MIN_BOUT_SWINGS, range_reading="swing_range_deg"),
        other_thresholds=(FAST_HALF_SWING_S, TOWARD_CAMERA_GAIN, AWAY_FROM_CAMERA_GAIN),
        key_angles={
            "swing_deg": lambda m: angle_of[m.view](m) if m.view in angle_of else NAN,
            "trunk_deg": KeyAngle(lambda m: TRUNK_LEAN[m.view](m) if m.view in TRUNK_LEAN else NAN, at=near_joint("shoulder")),
        },
    )  # fmt: skip
