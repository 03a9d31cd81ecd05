"""Yoga squat flow (malasana): arms up, exhale into a deep squat, hands down, straighten the knees into a forward
fold, roll up to standing. One cycle is one rep (10 a day). Filmed from the side (best), at an angle or from the
front.

The rep is the hips dropping into the deep squat and coming back up (the fold lifts them with straight legs); the
roll up to standing happens at rest, with a cue until the body is upright again.
"""

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Threshold, near_joint,
)
from posecoach.exercises.stance import ankle_rise, hip_height
from posecoach.kinematics import View

# Hips above the foot on the floor (either ankle: side-on the far one is often hidden), in leg lengths: standing ~1.0; thighs level ~0.5 (the hip landmark reads ~0.05-0.1 high);
# a deep squat, hips near the heels, ~0.2-0.35. The forward fold with straight legs keeps them at ~0.9-1.0.
STANDING_HIP_HEIGHT = Threshold("standing_hip_height", 0.85, "leg lengths", "hips this high: standing or folded over straight legs")
DESCENT_HIP_HEIGHT = Threshold("descent_hip_height", 0.80, "leg lengths", "hips below this: the squat has begun")
DEEP_HIP_HEIGHT = Threshold(
    "deep_squat_hip_height", 0.42, "leg lengths",
    "a deep squat: hips well below the knees (~0.2-0.35 by geometry, read ~0.05-0.1 high); thighs level read ~0.55",
)
TURNAROUND = Threshold("turnaround_leg_lengths", 0.06, "leg lengths", "rise from the lowest point that means you are coming up")
MAX_HEEL_RISE = Threshold(
    "max_ankle_rise", 0.04, "leg lengths",
    "ankle risen since the start of the rep (~3.5 cm): the heels have left the floor (as in the squat; rendered: "
    "heels down <= 0.03, heels up 0.055-0.06)",
)
UPRIGHT_TRUNK = Threshold(
    "upright_trunk_max_deg", 45.0, "deg", "the next cycle starts upright: the fold at the end reads 70-110 deg from vertical",
)


SIGNAL = PhaseSignal(
    name="hip height", unit="leg lengths", read=hip_height,
    rest=STANDING_HIP_HEIGHT, leave=DESCENT_HIP_HEIGHT, full=DEEP_HIP_HEIGHT, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="yoga_squat",
    title="Yoga squat flow",
    how_to=(
        "Stand with feet a little wider than hips, toes slightly out. Raise your arms, then exhale and sink into a "
        "deep squat, heels down, elbows inside the knees. Place your hands on the floor, straighten your knees into "
        "a forward fold, and roll up slowly to standing, arms up. That is one; do 10, moving with your breath."
    ),
    target="10 a day",
    camera="Put the camera at hip height, 2-3 m away, side-on (best), at an angle or facing you, whole body in view.",
    wrong_view_cue="Step back so the camera sees your whole body.",
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL, View.FRONT: SIGNAL},
    position=(
        PostureCheck(
            "not_upright", "Roll up slowly to standing, arms up, to start the next one.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
        ),
    ),
    min_rep_s=Threshold(
        "min_rep_s", 0.8, "s",
        "a drop to a deep squat and back takes longer than this even when brisk (rendered breath-paced cycles: the hips "
        "below the start line for 1.6 s; 20% faster, 1.3 s); a quicker dip is a bob, not a cycle",
    ),
    phase_words={Phase.REST: "standing", Phase.OUT: "sinking", Phase.PEAK: "deep squat", Phase.BACK: "folding up"},
    partial_code="not_deep",
    partial_cue="Sink deeper: let your hips drop toward your heels.",
    form_rules=(
        FormRule(
            "heels_lift", "Keep your heels down: widen your stance a little if they lift.",
            reading=ankle_rise, limit=MAX_HEEL_RISE, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK}), views=frozenset({View.SIDE}), priority=2,
        ),
    ),
    key_angles={
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
        "hip_height": hip_height,
        "trunk_from_vertical": lambda m: m.trunk_from_vertical,
    },
)
