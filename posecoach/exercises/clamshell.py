"""Clamshell (hip external rotation lying on the side), filmed from in front of the body.

With the hips bent ~45 deg and the knees ~90 deg, the feet stay together and the top knee swings up about the
hip-foot line, so from the front the knees part in the image while the hips stay stacked. Distances are in
torso lengths: the thighs point toward the camera here, so a thigh length would read short.

Not judged: the pelvis rolling back. It turns about the body's long axis, in depth for a camera in front, so the
hip line only gets shorter by cos(roll), under MediaPipe's jitter: on rendered clips a 22 deg roll read 0-9 deg of
hip-line turn while clean openings read 14-16. Seen along the body (head or feet end) the legs hide the hips.
The how-to asks for stacked hips.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# Geometry: with the hips at 45 deg and the knees at 90 deg the knee sits ~0.6 torso lengths from the hip-foot
# line, so opening by an angle a parts the knees by ~0.6 sin(a) torso lengths more than they are at rest. Read
# from the resting value (``from_rest``): closed knees sit apart by the top thigh's girth, which differs between
# bodies (rendered: -0.04..+0.04 and 0.05..0.08 torso lengths at rest).
REST_OPENING = Threshold("rest_opening_torsos", 0.05, "torso lengths", "knees back within ~2.5 cm of where they rest: closed")
LEAVE_OPENING = Threshold("leave_opening_torsos", 0.09, "torso lengths", "knees parting by ~9 deg: an opening has begun")
FULL_OPENING = Threshold(
    "full_opening_torsos", 0.28, "torso lengths",
    "about 30 deg of opening (0.6 sin 30 = 0.3, less jitter); physio practice opens 30-45 deg without the pelvis "
    "rolling; less is a small opening",
)
TURNAROUND = Threshold("turnaround_torsos", 0.05, "torso lengths", "closing from the widest opening that means the knee is coming down")
MIN_SHIN_ACROSS = Threshold(
    "min_shin_across_torsos", 0.25, "torso lengths",
    "the shorter shin's image length at rest: with the hips at ~45 deg the shins run back to the feet ~45 deg out of "
    "the picture and read ~0.5 torso lengths from straight in front (rendered 0.48-0.56, MediaPipe 0.35-0.48); with "
    "the camera 30 deg round toward the head they point almost at it (rendered 0.08-0.24, MediaPipe median 0.14), "
    "where MediaPipe misplaces the closed top knee and reads openings at half their size; under 0.25 is from ~25-30 "
    "deg round, leaving room for hips bent only ~30 deg seen from the front (~0.42 true)",
)
MAX_FEET_PARTING = Threshold(
    "max_feet_parting_torsos", 0.2, "torso lengths",
    "ankles ~10 cm further apart than at the start: the top foot lifting off the bottom one (the feet stay "
    "together: the knee opens, the foot does not)",
)


def _gap(m: BodyMeasures, part: str) -> float:
    return r.distance(m, r.point(m, part, Side.LEFT), r.point(m, part, Side.RIGHT), r.Unit.TORSO)


def shin_across(m: BodyMeasures, side: object = None) -> float:
    """The shorter shin's image length in torso lengths (the camera's angle round the body, see ``MIN_SHIN_ACROSS``):
    judged at rest, where both shins lie stacked on the floor; a hidden one is left out."""
    shins = [r.distance(m, r.point(m, "knee", leg), r.point(m, "ankle", leg), r.Unit.TORSO) for leg in Side]
    seen = [shin for shin in shins if shin == shin]
    return min(seen) if seen else math.nan


def knee_opening(m: BodyMeasures) -> float:
    """How much further apart the knees are than the hips, in torso lengths (0 = closed)."""
    if m.orientation.up_side is None:
        return math.nan
    return _gap(m, "knee") - _gap(m, "hip")


SIGNAL = PhaseSignal(
    name="knee opening", unit="torso lengths", read=knee_opening,
    rest=REST_OPENING, leave=LEAVE_OPENING, full=FULL_OPENING, turnaround=TURNAROUND, from_rest=True,
)

EXERCISE = RepExercise(
    name="clamshell",
    title="Clamshell",
    how_to=(
        "Lie on your side, hips bent to about 45 degrees and knees to 90, feet together, hips stacked one above "
        "the other. Keeping your feet touching, open the top knee like a clamshell as far as you can without your "
        "pelvis rolling back, pause, and close it slowly. Finish one side, then turn over."
    ),
    # Straight in front: from 30 deg round toward the head MediaPipe misplaces the closed top knee (rendered: ~10 px
    # high, ~30 px toward the hip), so openings read at about half their size; the view reads the same as in front,
    # so that camera is told by the shins pointing at it (``position``).
    camera=(
        "Put the camera at floor or hip height straight in front of you (not round toward your head or feet), so it "
        "sees your chest, hips and knees."
    ),
    target="2 sets of 12 each side",
    wrong_view_cue="Lie on your side facing the camera, knees toward it.",
    orientations=frozenset({Orientation.SIDE_LYING}),
    orientation_cue="Lie on your side, knees bent and feet together, facing the camera.",
    required_parts=("shoulders", "hips", "knees", "ankles"),
    signals={View.FRONT: SIGNAL, View.OBLIQUE: SIGNAL},
    position=(
        PostureCheck(
            "camera_toward_head", "Move the camera straight in front of you: from toward your head it cannot see "
            "your knee open.", reading=shin_across, allowed=Range(low=MIN_SHIN_ACROSS),
        ),
    ),
    sides=Sides.BLOCKED,
    side_of=lambda start, peak: peak.orientation.up_side,
    phase_words={Phase.REST: "closed", Phase.OUT: "opening", Phase.PEAK: "open", Phase.BACK: "closing"},
    partial_code="small_opening",
    partial_cue="Open your top knee a little wider, keeping your feet together.",
    form_rules=(
        FormRule(
            "feet_apart", "Keep your feet together: only the knee opens.",
            reading=lambda now, start: _gap(now, "ankle") - _gap(start, "ankle"), limit=MAX_FEET_PARTING,
            fault_when=Fault.ABOVE, min_duration_s=0.3, priority=1,
        ),
    ),
    key_angles={
        "knee_opening": KeyAngle(lambda m: 100 * knee_opening(m), at=lambda m: r.mid(m, "knee"), label="opening %"),
    },
)
