"""Hip thrust: upper back on a bench (or the floor), knees bent, feet flat; filmed from the side or up to ~45 deg
round toward the feet.

The same line as the glute bridge: shoulder-hip-knee, 180 when the hips reach the shoulder-knee line. From a
bench the hips start much lower (the line reads ~100-120 at the bottom), so the rep has a longer way up.
"""

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, PeakHold, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Threshold, near_joint,
)
from posecoach.exercises.glute_bridge import FULL_LINE
from posecoach.kinematics import Orientation, View

BOTTOM_LINE = Threshold(
    "bottom_line_deg", 145.0, "deg",
    "shoulder-hip-knee below which the hips are back down: from a bench the bottom reads ~100-120, from the "
    "floor ~135-145 (as the bridge)",
)
LIFT_LINE = Threshold("lift_line_deg", 150.0, "deg", "shoulder-hip-knee above which a thrust has begun")
TURNAROUND = Threshold("turnaround_deg", 8.0, "deg", "drop from the highest point that means you are lowering")
MIN_TOP_HOLD = Threshold("min_top_hold_s", 0.8, "s", "the 1-2 s squeeze at the top, less ~0.3 s for landmark noise")
HOLD_BAND = Threshold(
    "hold_band_deg", 8.0, "deg",
    "held = the line within this of its highest point: from a bench the top is most of a long range, so time "
    "past the full line would count the drive up and the lowering as holding",
)
MAX_LINE = Threshold(
    "max_thrust_line_deg", 198.0, "deg",
    "hips pushed past the shoulder-knee line by ~15 deg (an arched lower back): the landmarks read a level top "
    "3-11 deg past the true line (rendered tops 184-193 on two bodies, side-on and 40 deg round; the bridge's "
    "floor-level camera reads more, see glute_bridge) and a 15-18 deg arch 202",
)
LYING_TRUNK = Threshold(
    "reclined_trunk_min_deg", 40.0, "deg",
    "trunk from vertical at the bottom: shoulders on a ~40 cm bench with the hips near the floor read ~55-65, "
    "on the floor ~80-90; sitting up or standing reads under ~30",
)

SIGNAL = PhaseSignal(
    name="shoulder-hip-knee line", unit="deg", read=lambda m: m.near.hip_line,
    rest=BOTTOM_LINE, leave=LIFT_LINE, full=FULL_LINE, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="hip_thrust",
    title="Hip thrust",
    how_to=(
        "Sit with your upper back (just below the shoulder blades) against a bench or sofa edge, knees bent, feet "
        "flat and hip-width apart. Drive through your heels to lift your hips until shoulders, hips and knees form "
        "one line, chin tucked; squeeze your glutes for 1-2 seconds at the top, then lower. Don't arch your lower "
        "back past the line."
    ),
    camera=(
        "Put the camera at hip height at your side (or up to 45 degrees round toward your feet), so it sees "
        "shoulders, hips, knees and feet."
    ),
    target="3 sets of 10, 1-2 s squeeze at the top",
    # The shoulder, hip and knee lie on one line at the top, so they line up in any view; from up to ~45 deg
    # round toward the feet the bottom still reads well short of it (rendered: 94-96 vs 89 true at 40 deg).
    wrong_view_cue="Set up side-on to the camera (or up to 45 degrees toward your feet) so it sees your shoulders, hips and knees.",
    orientations=frozenset({Orientation.SUPINE, Orientation.SEATED}),
    orientation_cue="Sit with your upper back against the bench, knees bent and feet flat.",
    required_parts=("shoulders", "hips", "knees"),
    signals={view: SIGNAL for view in (View.SIDE, View.OBLIQUE)},
    position=(
        PostureCheck(
            "not_reclined", "Lean your upper back against the bench, hips low, to start.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(low=LYING_TRUNK),
        ),
    ),
    phase_words={Phase.REST: "down", Phase.OUT: "driving up", Phase.PEAK: "top: squeeze", Phase.BACK: "lowering"},
    partial_code="hips_low",
    partial_cue="Drive your hips higher: shoulders, hips and knees in one line.",
    form_rules=(
        FormRule(
            "over_arch", "Don't arch your lower back: stop when shoulders, hips and knees line up.",
            reading=lambda now, start: now.near.hip_line, limit=MAX_LINE, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK}), min_duration_s=0.3, priority=2,
        ),
    ),
    peak_hold=PeakHold(MIN_TOP_HOLD, "Squeeze your glutes at the top for a second or two.", band=HOLD_BAND),
    key_angles={
        "shoulder_hip_knee": KeyAngle(lambda m: m.near.hip_line, at=near_joint("hip"), label="hip"),
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
    },
)
