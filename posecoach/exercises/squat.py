"""Bodyweight squat, filmed from the side (or at an angle) or from the front."""

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Threshold, near_joint,
)
from posecoach.exercises.stance import ankle_rise
from posecoach.kinematics import BodyMeasures, View

# Side view: the knee angle drives the rep. MediaPipe reads ~52-67 deg at full depth,
# 105-117 deg for a clearly shallow squat, and ~8-10 deg wider than the true joint at depth.
STANDING_KNEE = Threshold("standing_knee_deg", 155.0, "deg", "knee angle above which you are standing again")
DESCENT_KNEE = Threshold("descent_knee_deg", 140.0, "deg", "knee angle below which a rep has begun")
PARALLEL_KNEE = Threshold(
    "parallel_knee_deg", 95.0, "deg",
    "knee angle at about thigh-parallel depth (a true ~85 deg reads ~95 deg on MediaPipe landmarks)",
)
# Oblique view (camera ~45 deg off the side): the knee angle is foreshortened and reads 30-40 deg wider
# than the true joint at depth (rendered ground truth: true 59-71 deg read 92-110 deg).
OBLIQUE_PARALLEL_KNEE = Threshold(
    "oblique_parallel_knee_deg", 120.0, "deg",
    "knee angle at about thigh-parallel depth seen from ~45 deg (a true ~85 deg reads ~120)",
)
# Front view: the 2D knee angle is meaningless (the knee bends toward the camera) and depth comes from
# how far the hips drop, in standing leg lengths (1 = standing tall). Geometry puts a thigh-parallel squat
# near 0.5 and a half squat near 0.85; MediaPipe's hip landmark reads ~0.08 higher (0.55-0.66 at full
# depth on the rendered ground truth).
STANDING_HIP_HEIGHT = Threshold("standing_hip_height", 0.90, "leg lengths", "hip height above which you are standing")
DESCENT_HIP_HEIGHT = Threshold("descent_hip_height", 0.86, "leg lengths", "hip height below which a rep has begun")
PARALLEL_HIP_HEIGHT = Threshold(
    "parallel_hip_height", 0.70, "leg lengths", "hip height at about thigh-parallel depth, as the landmarks read it",
)
TURNAROUND_KNEE = Threshold("turnaround_deg", 12.0, "deg", "rise from the lowest point that means you are coming up")
TURNAROUND_HIP = Threshold("turnaround_leg_lengths", 0.06, "leg lengths", "rise from the lowest point that means you are coming up")

MAX_TRUNK_LEAN = Threshold(
    "max_trunk_lean_deg", 55.0, "deg",
    "trunk from vertical at the bottom: a clean bodyweight squat reads 33-45 deg, a clearly excessive lean 60+",
)
MAX_KNEE_PAST_TOES = Threshold(
    "max_knee_past_toes", 0.95, "foot lengths",
    "about a foot length past the toes: some forward knee travel is normal and safe (Fry et al. 2003), only a "
    "clear excess is worth a caution (rendered: 0.35-0.45 clean, 1.0-1.8 knees forward)",
)
KNEE_TRAVEL_JUDGED_ABOVE = Threshold(
    "knee_travel_judged_above_deg", 55.0, "deg",
    "forward knee travel is judged around thigh-parallel; in a rock-bottom squat the knees must go forward",
)
MAX_HEEL_RISE = Threshold(
    "max_ankle_rise", 0.04, "leg lengths",
    "ankle risen since standing (~3.5 cm): the heel is leaving the floor. The ankle, not the heel landmark: "
    "MediaPipe's heel landmark climbs when the shin tips far forward with the heel down (rendered: heels down "
    "<= 0.03, heels up 0.055-0.06)",
)
MIN_KNEE_WIDTH = Threshold(
    "min_knee_width_ratio", 0.68, "knee width / ankle width",
    "front view, low half of the rep: knees closer together than about two thirds of the ankle spread are "
    "caving in (measured 0.8-1.0 clean, 0.25-0.58 caving in)",
)

SIDE_SIGNAL = PhaseSignal(
    name="knee angle", unit="deg", read=lambda m: m.near.knee,
    rest=STANDING_KNEE, leave=DESCENT_KNEE, full=PARALLEL_KNEE, turnaround=TURNAROUND_KNEE,
)
OBLIQUE_SIGNAL = PhaseSignal(
    name="knee angle", unit="deg", read=lambda m: m.near.knee,
    rest=STANDING_KNEE, leave=DESCENT_KNEE, full=OBLIQUE_PARALLEL_KNEE, turnaround=TURNAROUND_KNEE,
)
FRONT_SIGNAL = PhaseSignal(
    name="hip height", unit="leg lengths", read=lambda m: m.hip_height,
    rest=STANDING_HIP_HEIGHT, leave=DESCENT_HIP_HEIGHT, full=PARALLEL_HIP_HEIGHT, turnaround=TURNAROUND_HIP,
)

MIN_REP = Threshold(
    "min_rep_s", 0.35, "s",
    "from leaving standing (knee below 140 deg) to standing again through full depth: a brisk squat takes "
    "0.5-0.7 s of its ~1.5 s cycle, a fast one ~0.4 s; a landmark glitch that swings past full depth and back is faster",
)

UPRIGHT_TRUNK = Threshold(
    "upright_trunk_max_deg", 75.0, "deg", "trunk from vertical: even a deep squat stays under ~60; lying down reads ~90",
)

BOTTOM = frozenset({Phase.PEAK})
LOW_HALF = frozenset({Phase.PEAK, Phase.BACK})


def _knee_travel_near_parallel(now: BodyMeasures, start: BodyMeasures) -> float:
    return now.near.knee_past_toes if now.near.knee >= KNEE_TRAVEL_JUDGED_ABOVE.value else float("nan")


EXERCISE = RepExercise(
    name="squat",
    title="Squat",
    how_to=(
        "Stand with feet shoulder-width apart, toes slightly out. Sit back and down as if onto a chair until "
        "your thighs are about parallel to the floor, chest up, heels down, knees in line with your toes. "
        "Stand tall again. Film from the side (best) or from the front, whole body in view."
    ),
    target="2 sets of 10",
    camera="Put the camera at hip height, 2-3 m away, side-on (best) or facing you, whole body in view.",
    wrong_view_cue="Turn sideways (or face the camera) so your whole body is in view.",
    signals={View.SIDE: SIDE_SIGNAL, View.OBLIQUE: OBLIQUE_SIGNAL, View.FRONT: FRONT_SIGNAL},
    position=(
        PostureCheck(
            "not_upright", "Stand up, feet shoulder-width apart, to start your squats.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
        ),
    ),
    other_thresholds=(KNEE_TRAVEL_JUDGED_ABOVE,),
    min_rep_s=MIN_REP,
    phase_words={Phase.REST: "standing", Phase.OUT: "going down", Phase.PEAK: "bottom", Phase.BACK: "coming up"},
    partial_code="shallow",
    partial_cue="Go a little lower: aim for thighs parallel to the floor.",
    form_rules=(
        FormRule(
            "knees_cave", "Push your knees out so they track over your toes.",
            reading=lambda now, start: now.knee_width_ratio, limit=MIN_KNEE_WIDTH, fault_when=Fault.BELOW,
            phases=LOW_HALF, views=frozenset({View.FRONT}), priority=3,
        ),
        FormRule(
            "torso_lean", "Keep your chest up: lean your torso forward less.",
            reading=lambda now, start: now.trunk_from_vertical, limit=MAX_TRUNK_LEAN, fault_when=Fault.ABOVE,
            phases=BOTTOM, views=frozenset({View.SIDE}), priority=2,
        ),
        FormRule(
            "heels_lift", "Keep your heels down: push through your whole foot.",
            reading=ankle_rise, limit=MAX_HEEL_RISE, fault_when=Fault.ABOVE,
            views=frozenset({View.SIDE}), priority=2,
        ),
        FormRule(
            "knees_past_toes", "Careful: your knees travel well past your toes. Sit your hips back a little more.",
            reading=_knee_travel_near_parallel, limit=MAX_KNEE_PAST_TOES, fault_when=Fault.ABOVE,
            phases=BOTTOM, views=frozenset({View.SIDE}), priority=1,
        ),
    ),
    key_angles={
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
        "hip": KeyAngle(lambda m: m.near.hip, at=near_joint("hip")),
        "trunk_from_vertical": lambda m: m.trunk_from_vertical,
        "knee_width_ratio": lambda m: m.knee_width_ratio,
        "hip_height": lambda m: m.hip_height,
    },
)
