"""Clamshell (hip external rotation lying on the side), filmed from in front of the body.

With the hips bent ~45 deg and the knees ~90 deg, the feet stay together and the top knee swings up about the
hip-foot line, so from the front the thighs part in the image while the hips stay stacked: the opening is read
as the angle between the thighs. Distances (the feet parting) are in torso lengths: the thighs point toward the
camera here, so a thigh length would read short.

Not judged: the pelvis rolling back. It turns about the body's long axis, in depth for a camera in front, so the
hip line only gets shorter by cos(roll), under MediaPipe's jitter: on rendered clips a 22 deg roll read 0-9 deg of
hip-line turn while clean openings read 14-16. Seen along the body (head or feet end) the legs hide the hips.
The how-to asks for stacked hips.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, RepExercise, Sides, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# The opening is read as the angle between the two thighs in the image, from its resting value (``from_rest``:
# closed thighs part by the top thigh's girth, which differs between bodies; rendered 0-9 deg). Rendered truth: seen
# straight in front a 40-48 deg opening parts the thighs by 34-42 deg and a 12-16 deg one by ~8; from 30 deg round
# toward the head (the shins pointing at the camera) a 40-48 deg opening parts them by 23-26 deg. The angle holds
# where the knees' distance does not: from 30 deg round MediaPipe puts the closed top knee ~30 px toward the hip,
# so the knees' gap read 0.25-0.30 torso lengths of opening (truth 0.53-0.58) while the thighs' angle read 28-32 deg.
REST_SPREAD = Threshold("rest_thigh_spread_deg", 6.0, "deg", "thighs back within 6 deg of their resting spread: closed")
LEAVE_SPREAD = Threshold(
    "leave_thigh_spread_deg", 10.0, "deg",
    "thighs parting 10 deg more than at rest (a ~12-18 deg opening, see ``FULL_SPREAD``): an opening has begun",
)
FULL_SPREAD = Threshold(
    "full_thigh_spread_deg", 20.0, "deg",
    "the thighs part in the image by ~0.8 of the opening seen straight in front and ~0.55 of it from 30 deg round "
    "toward the head, so 20 deg is a ~25-35 deg opening; physio practice opens 30-45 deg without the pelvis "
    "rolling; less is a small opening",
)
TURNAROUND = Threshold(
    "turnaround_deg", 6.0, "deg", "closing from the widest spread that means the knee is coming down",
)
MAX_FEET_PARTING = Threshold(
    "max_feet_parting_torsos", 0.2, "torso lengths",
    "ankles ~10 cm further apart than at the start: the top foot lifting off the bottom one (the feet stay "
    "together: the knee opens, the foot does not)",
)


def _gap(m: BodyMeasures, part: str) -> float:
    return r.distance(m, r.point(m, part, Side.LEFT), r.point(m, part, Side.RIGHT), r.Unit.TORSO)


def thigh_spread(m: BodyMeasures) -> float:
    """The angle between the two thighs (hip to knee) in the image, degrees; NaN unless the body lies on a side."""
    if m.orientation.up_side is None:
        return math.nan
    hips, knees = [r.point(m, "hip", side) for side in Side], [r.point(m, "knee", side) for side in Side]
    return r.angle_between(hips[0], knees[0], hips[1], knees[1])


SIGNAL = PhaseSignal(
    name="thigh spread", unit="deg", read=thigh_spread,
    rest=REST_SPREAD, leave=LEAVE_SPREAD, full=FULL_SPREAD, turnaround=TURNAROUND, from_rest=True,
)

EXERCISE = RepExercise(
    name="clamshell",
    title="Clamshell",
    how_to=(
        "Lie on your side, hips bent to about 45 degrees and knees to 90, feet together, hips stacked one above "
        "the other. Keeping your feet touching, open the top knee like a clamshell as far as you can without your "
        "pelvis rolling back, pause, and close it slowly. Finish one side, then turn over."
    ),
    # Not toward the feet: from 35 deg round that way the bent legs point down the image and the body reads as on
    # all fours. Up to ~30 deg toward the head reads right (rendered; the thighs' angle, see the thresholds).
    camera=(
        "Put the camera at floor or hip height in front of you (straight in front, or a little round toward your "
        "head; not toward your feet), so it sees your chest, hips and knees."
    ),
    target="2 sets of 12 each side",
    wrong_view_cue="Lie on your side facing the camera, knees toward it.",
    orientations=frozenset({Orientation.SIDE_LYING}),
    orientation_cue="Lie on your side, knees bent and feet together, facing the camera.",
    required_parts=("shoulders", "hips", "knees", "ankles"),
    signals={View.FRONT: SIGNAL, View.OBLIQUE: SIGNAL},
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
        "thigh_spread": KeyAngle(thigh_spread, at=lambda m: r.mid(m, "hip"), label="opening"),
    },
)
