"""Side-lying leg raise (hip abduction), filmed from in front of the body.

Lying on one side, the camera sees the chest: the top leg lifts in the image plane, so its lift reads as an
angle in the image, while a leg drifting forward or a knee bending turns a segment toward the camera and
shows as that segment getting shorter than at the rep's start (foreshortening).

Not judged: the pelvis rolling back. It turns about the body's long axis, in depth for a camera in front, so the
hip line only gets shorter by cos(roll): on a rendered clip MediaPipe's hip line read from 0.05 to 0.51 thigh
lengths across clean reps (true 0.55), and a hip-line rule flagged clean reps while missing a 25 deg roll (in the
true projection of a camera 0.9 m up that roll moves the hip line from 0.48 to 0.50 torso lengths: nothing to read).
The how-to asks for stacked hips.

The leg drifting forward is judged, but MediaPipe can miss it: it turns the thigh toward the camera, and on a
rendered clip a 35-40 deg drift shortens the true thigh by 32 deg (0.87 -> 0.74 torso lengths) while MediaPipe's
thigh stays 0.80 (9-13 deg), and its depth of that ankle reads as on clean reps (0.09 m toward the camera against
0.03-0.13). From the feet end both faults lie in the image plane (a probe render, not committed: the top ankle
91 px behind (rolled back) or 109 px ahead (drifting) of the hips against 3 px on clean reps; MediaPipe 79 / 96
against 6), but from there MediaPipe reads the body as on all fours or standing, so that camera is not offered.

The top leg is found per frame as the leg whose ankle is higher, not by its landmark label: with the leg up,
MediaPipe can swap the two legs' labels and pull both hip (and shoulder) landmarks together for about a second
(rendered, woman_older_heavier: hips 41 px apart read 2-7 px), so the body briefly reads as prone or supine and
the view as side-on. The lift is measured from the pelvis centre, which stays put through that collapse, and a
rep that started from the front keeps its signal through a side-on reading (the camera did not move).
"""

import math

from posecoach.exercises.base import Fault, FormRule, KeyAngle, Phase, PhaseSignal, RepExercise, Sides, Threshold
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# Read from the top leg's own resting angle (``from_rest``): resting on the bottom leg it points ~5-10 deg below
# the floor line (the legs converge from hip width to touching feet), by an amount that differs between bodies.
REST_LIFT = Threshold("rest_lift_deg", 10.0, "deg", "top leg within this of its resting angle: back down")
LEAVE_LIFT = Threshold("leave_lift_deg", 15.0, "deg", "top leg lifted this far from rest: a raise has begun")
FULL_LIFT = Threshold(
    "full_lift_deg", 30.0, "deg",
    "the raise aims at ~45 deg of abduction from the resting leg; under ~30 is a low lift (the floor contract's "
    "low_lift)",
)
TURNAROUND = Threshold("turnaround_deg", 6.0, "deg", "drop from the highest lift that means the leg is coming down")
MAX_LEG_FORWARD = Threshold(
    "max_leg_forward_deg", 25.0, "deg",
    "top thigh turned out of the body's plane toward the camera (its image length shrinks by the cosine) beyond "
    "the pelvis's turn: the hip flexing, so the front of the hip lifts instead of the side; the leg should stay "
    "in line with the body",
)
MAX_KNEE_BEND = Threshold(
    "max_knee_bend_deg", 30.0, "deg",
    "knee flexion, in the image or out of it (the shin shortening more than the thigh): a straight leg reads "
    "under ~10 deg",
)


def _leg_lift(m: BodyMeasures, side: Side) -> float:
    return r.elevation(m, r.mid(m, "hip"), r.point(m, "ankle", side))


def lifted_leg(m: BodyMeasures) -> Side | None:
    """The leg whose ankle points higher above the floor line from the pelvis centre: the top leg (see the module)."""
    return r.highest_side({side: _leg_lift(m, side) for side in Side})


def top_leg_lift(m: BodyMeasures) -> float:
    """The top leg's pelvis-centre-to-ankle line above the floor line, degrees."""
    top = lifted_leg(m)
    return _leg_lift(m, top) if top else math.nan


def _out_of_plane(now: BodyMeasures, start: BodyMeasures, upper: str, lower: str) -> float:
    """How far a top-leg segment has turned toward or away from the camera since the start, degrees."""
    top_now, top_then = lifted_leg(now), start.orientation.up_side or lifted_leg(start)
    if top_now is None or top_then is None:
        return math.nan
    then = (r.landmark(upper, top_then), r.landmark(lower, top_then))
    ratio = r.foreshortening(now, start, r.landmark(upper, top_now), r.landmark(lower, top_now), then=then)
    return math.degrees(math.acos(min(ratio, 1.0))) if ratio == ratio else math.nan


def leg_forward_deg(now: BodyMeasures, start: BodyMeasures) -> float:
    """The top thigh's turn toward (or away from) the camera beyond the pelvis's own turn: rolling back tips the
    lifting leg's plane with the pelvis, which is the pelvis's fault, not the leg's."""
    return _out_of_plane(now, start, "hip", "knee") - r.pair_turn(now, start, "hip")


def knee_bend_deg(now: BodyMeasures, start: BodyMeasures) -> float:
    """The larger of the bend seen in the image and the shin's turn out of it beyond the thigh's."""
    top = lifted_leg(now)
    if top is None:
        return math.nan
    in_image = 180.0 - now.sides[top].knee
    out_of_image = _out_of_plane(now, start, "knee", "ankle") - _out_of_plane(now, start, "hip", "knee")
    return max(in_image, out_of_image)


#: The views of the set-up (the camera in front of the body). A side-on reading mid-rep is MediaPipe pulling the
#: stacked hips together, when the segment lengths the form rules compare are not to be trusted.
SET_UP_VIEWS = frozenset({View.FRONT, View.OBLIQUE})

SIGNAL = PhaseSignal(
    name="top leg lift", unit="deg", read=top_leg_lift, rest=REST_LIFT, leave=LEAVE_LIFT, full=FULL_LIFT, turnaround=TURNAROUND,
    from_rest=True,
)

EXERCISE = RepExercise(
    name="side_lying_leg_raise",
    title="Side-lying leg raise",
    how_to=(
        "Lie on your side, legs straight and stacked, hips stacked one above the other, head resting on your lower "
        "arm. Keeping the top leg straight and in line with your body (toes pointing forward, not up), lift it to "
        "about 45 degrees, pause briefly, and lower it slowly. Don't let your top hip roll back. Finish one side, "
        "then turn over."
    ),
    camera=(
        "Put the camera at floor or hip height in front of you, so it sees your chest and both legs from the side. "
        "From there it cannot see your hips rolling back and can miss your leg drifting forward: keep your hips "
        "stacked and the leg in line with your body yourself."
    ),
    target="2 sets of 10 each side",
    # Oblique too: a hip rolling back (a fault to flag, not a reason to stop) narrows the body to an oblique view.
    wrong_view_cue="Lie on your side facing the camera, your whole body across the picture.",
    orientations=frozenset({Orientation.SIDE_LYING}),
    orientation_cue="Lie on your side, legs straight and stacked, facing the camera.",
    required_parts=("shoulders", "hips", "knees", "ankles"),
    # Side too: with the leg up, MediaPipe can pull the stacked hips and shoulders together (see the module); at
    # rest a body seen side-on never reads as lying on its side, so the orientation cue still asks for the set-up.
    signals={View.FRONT: SIGNAL, View.OBLIQUE: SIGNAL, View.SIDE: SIGNAL},
    sides=Sides.BLOCKED,
    side_of=lambda start, peak: start.orientation.up_side or lifted_leg(peak),
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "top", Phase.BACK: "lowering"},
    partial_code="low_lift",
    partial_cue="Lift your top leg a little higher, to about 45 degrees.",
    form_rules=(
        FormRule(
            "leg_drifts_forward", "Keep the leg in line with your body: lift it to the side, not forward.",
            reading=leg_forward_deg, limit=MAX_LEG_FORWARD, fault_when=Fault.ABOVE, views=SET_UP_VIEWS,
            min_duration_s=0.3, priority=2,
        ),
        FormRule(
            "knee_bends", "Keep your top knee straight.",
            reading=knee_bend_deg, limit=MAX_KNEE_BEND, fault_when=Fault.ABOVE, views=SET_UP_VIEWS,
            min_duration_s=0.3, priority=1,
        ),
    ),
    key_angles={
        "leg_lift": KeyAngle(top_leg_lift, at=lambda m: r.mid(m, "hip"), label="lift"),
    },
)
