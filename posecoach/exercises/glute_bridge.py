"""Glute bridge, lying on the back, filmed from the side."""

from posecoach.exercises.base import (
    Fault,
    KeyAngle,
    PeakHold,
    FormRule,
    Phase,
    PhaseSignal,
    PostureCheck,
    Range,
    RepExercise,
    Threshold,
    near_joint,
)
from posecoach.kinematics import View

# The shoulder-hip-knee angle: MediaPipe reads 135-145 deg lying with knees bent, ~155 for a clearly
# low bridge and 173-177 at a full bridge (hips on the shoulder-knee line).
LYING_LINE = Threshold("lying_line_deg", 147.0, "deg", "shoulder-hip-knee below which the hips are back down")
LIFT_LINE = Threshold("lift_line_deg", 151.0, "deg", "shoulder-hip-knee above which a lift has begun")
FULL_LINE = Threshold(
    "full_bridge_line_deg", 166.0, "deg",
    "hips on the shoulder-knee line (180 deg); landmarks read a full bridge as 173-177",
)
TURNAROUND = Threshold("turnaround_deg", 8.0, "deg", "drop from the highest point that means you are lowering")
MAX_LINE = Threshold(
    "max_line_deg", 203.0, "deg",
    "hips pushed well above the shoulder-knee line (an arched lower back), about 15 deg of real "
    "over-extension: the landmarks read a level bridge up to ~13 deg past the true line (rendered ground "
    "truth: level 190-197, 15-18 deg of true arch 207-209; real clips 182-185)",
)
MIN_TOP_HOLD = Threshold("min_top_hold_s", 1.5, "s", "the ~2 s squeeze at the top, less 0.5 s for landmark noise")
# Feet placement is part of the set-up: with the feet far away the shoulder-hip-knee line reads ~160
# while still lying, so no rep could be seen. Asked for as guidance before counting.
MIN_KNEE = Threshold("min_knee_deg", 55.0, "deg", "knees bent much tighter than 90 deg: feet too close to the hips")
MAX_KNEE = Threshold("max_knee_deg", 125.0, "deg", "knees much straighter than 90 deg: feet too far away")
MAX_FOOT_LIFT = Threshold("max_foot_lift_deg", 15.0, "deg", "foot pitch change since the start: a heel or toes leaving the floor")

LYING_TRUNK = Threshold(
    "lying_trunk_min_deg", 45.0, "deg",
    "trunk from vertical: lying on the back reads ~80-90, the top of a bridge still ~50-60; standing reads ~0",
)



EXERCISE = RepExercise(
    name="glute_bridge",
    title="Glute bridge",
    how_to=(
        "Lie on your back, knees bent to about 90 degrees, feet flat and hip-width apart. Squeeze your "
        "glutes and lift your hips until shoulders, hips and knees form one line; hold 2 seconds; lower "
        "slowly. Put the camera at your side, at floor level, so it sees you from head to feet."
    ),
    target="2 sets of 10, hold 2 s at the top",
    camera="Put the camera at floor level at your side, so it sees you side-on from head to feet.",
    views=frozenset({View.SIDE}),
    wrong_view_cue="Lie side-on to the camera: it needs to see your shoulders, hips and knees from the side.",
    signals={
        View.SIDE: PhaseSignal(
            name="shoulder-hip-knee line", unit="deg", read=lambda m: m.near.hip_line,
            rest=LYING_LINE, leave=LIFT_LINE, full=FULL_LINE, turnaround=TURNAROUND,
        )
    },
    position=(
        PostureCheck(
            "not_lying", "Lie on your back, knees bent and feet flat, side-on to the camera.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(low=LYING_TRUNK),
        ),
        PostureCheck(
            "feet_too_far", "Walk your feet closer to your hips: knees bent to about 90 degrees.",
            reading=lambda m, side: m.near.knee, allowed=Range(high=MAX_KNEE),
        ),
        PostureCheck(
            "feet_too_close", "Move your feet a little further from your hips: knees bent to about 90 degrees.",
            reading=lambda m, side: m.near.knee, allowed=Range(low=MIN_KNEE),
        ),
    ),
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "top: squeeze", Phase.BACK: "lowering"},
    partial_code="hips_low",
    partial_cue="Push your hips higher: shoulders, hips and knees in one line.",
    form_rules=(
        FormRule(
            "over_arch", "Don't arch your lower back: lift only until shoulders, hips and knees line up.",
            reading=lambda now, start: now.near.hip_line, limit=MAX_LINE, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK}), min_duration_s=0.3, priority=3,
        ),
        FormRule(
            "feet_lift", "Keep your feet flat: press through your heels.",
            reading=lambda now, start: abs(now.near.foot_pitch - start.near.foot_pitch),
            limit=MAX_FOOT_LIFT, fault_when=Fault.ABOVE, min_duration_s=0.4, priority=1,
        ),
    ),
    peak_hold=PeakHold(MIN_TOP_HOLD, "Pause for two seconds at the top and squeeze your glutes."),
    key_angles={
        "shoulder_hip_knee": KeyAngle(lambda m: m.near.hip_line, at=near_joint("hip"), label="hip"),
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
    },
)
