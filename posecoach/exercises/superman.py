"""Superman (prone back extension, held), filmed from the side.

Hands, chest and feet come up only a few inches. The rep is read as the body's arch about the hips (the
shoulder-hip-knee line bending up at both ends) beyond its resting value: an angle between body segments, so
neither a camera rolled on its stand nor the floor line's estimate moves it (the hands' and feet's height above the
hips, read against that estimate, lost every rep with the camera rolled 8 degrees).
"""

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, PeakHold, Phase, PhaseSignal, RepExercise, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

REST_ARCH = Threshold("rest_arch_deg", 3.0, "deg", "the body within this of its resting line: down (landmark jitter ~1 deg)")
LEAVE_ARCH = Threshold("leave_arch_deg", 5.0, "deg", "chest and legs this far up from lying: a lift has begun")
FULL_ARCH = Threshold(
    "full_arch_deg", 10.0, "deg",
    "chest and thighs lifted this far about the hips, the shoulder-hip-knee line bending this much from lying: the "
    "'few inches' physio practice asks for (6-8 cm at the shoulders, ~45 cm from the hips, is ~9 deg, with the "
    "legs' lift ~14-17 deg in all). Rendered truth: full lifts 15-16 deg, read 13-15; half lifts 8, read 6-7",
)
TURNAROUND = Threshold("turnaround_deg", 3.0, "deg", "drop from the highest arch that means you are lowering")
MIN_HOLD = Threshold("min_hold_s", 1.5, "s", "the ~2 s hold at the top, less 0.5 s for landmark noise")
HOLD_BAND = Threshold(
    "hold_band_deg", 3.0, "deg",
    "held = the arch within ~3 deg of its highest (a fifth of a full lift; time past the full line would count the "
    "lift and the lowering as holding)",
)
MAX_HEAD_RISE = Threshold(
    "max_head_above_trunk_deg", -25.0, "deg",
    "the mid-shoulders-to-nose line against the trunk line (hips to shoulders): with the neck long and the eyes "
    "on the floor the head hangs 30-50 deg below the trunk line, at rest and at the top of a lift alike (the head "
    "rises with the chest); extending the neck ~30 deg to look ahead brings it to ~-20",
)


def body_arch_deg(m: BodyMeasures) -> float:
    """How far the shoulder-hip-knee line bends up at both ends about the hips, degrees (0: straight; lying face
    down the hips sit a little above the line, about -5). An angle between body segments: neither the camera's roll
    nor the floor line's estimate moves it, and a lift of a few inches changes it by ~10-15 deg."""
    return 180.0 - m.near.hip_line


def head_above_trunk(m: BodyMeasures) -> float:
    """How far the mid-shoulders-to-nose line points above the trunk line carried on past the shoulders, degrees:
    the neck's bend, whatever the chest lift and the camera's angle.

    Not the ear-to-nose line: seen from the side MediaPipe's ear and nose points on a face turned to the floor
    wander by +-15 deg frame to frame (rendered truth: they read -50 to -78 whether the head was lifted or not)."""
    shoulders = r.mid(m, "shoulder")
    return r.elevation(m, shoulders, r.point(m, "nose")) - r.elevation(m, r.mid(m, "hip"), shoulders)


SIGNAL = PhaseSignal(
    name="chest and legs lift", unit="deg", read=body_arch_deg,
    rest=REST_ARCH, leave=LEAVE_ARCH, full=FULL_ARCH, turnaround=TURNAROUND, from_rest=True,
)

EXERCISE = RepExercise(
    name="superman",
    title="Superman",
    how_to=(
        "Lie face down, arms stretched forward, legs straight. Squeeze your glutes and lift your hands, chest and "
        "feet a few inches off the floor, keeping your neck long and your eyes on the floor. Hold about 2 seconds, "
        "then lower slowly."
    ),
    camera=(
        "Put the camera at floor level at your side, 2-3 m away, or turned a little toward your feet, so it sees "
        "you from hands to feet."
    ),
    target="2 sets of 10, hold 2 s",
    wrong_view_cue="Lie side-on to the camera so it sees your arms and legs lift.",
    orientations=frozenset({Orientation.PRONE}),
    orientation_cue="Lie face down, arms stretched forward past your head.",
    required_parts=("shoulders", "hips", "knees"),
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "hold", Phase.BACK: "lowering"},
    partial_code="low_lift",
    partial_cue="Lift your hands and feet a little higher off the floor.",
    form_rules=(
        FormRule(
            "head_lifted", "Keep your neck long: look at the floor, not ahead.",
            reading=lambda now, start: head_above_trunk(now), limit=MAX_HEAD_RISE, fault_when=Fault.ABOVE, min_duration_s=0.3, priority=1,
        ),
    ),
    peak_hold=PeakHold(MIN_HOLD, "Hold the lift for about two seconds before you lower.", band=HOLD_BAND),
    key_angles={"head": KeyAngle(head_above_trunk, at=lambda m: r.point(m, "nose"), label="head")},
)
