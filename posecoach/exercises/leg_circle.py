"""Standing leg circles: balance on one leg and draw circles with the other, straight leg, about 30 s, then switch.

From the front a circle is seen as the leg going out to the side and back across (its forward and back part is
along the line of sight); side-on as forward and back. One circle is one cycle of that angle, and its range the
circle's width in degrees."""

from posecoach.exercises.base import Threshold
from posecoach.exercises.swinging import leg_forward_deg, leg_out_deg, swing_exercise, swing_signal
from posecoach.kinematics import View

WHY = "the leg 15 deg or more off vertical in the circle's widest direction: a circle (most are 30-50 deg across)"
FRONT = swing_signal("circle out", leg_out_deg, rest_deg=-5.0, leave_deg=10.0, full_deg=15.0, why=WHY)
SIDE = swing_signal("circle forward", leg_forward_deg, rest_deg=-5.0, leave_deg=10.0, full_deg=15.0, why=WHY)
WIDE_MIN = Threshold(
    "wide_swing_min_deg", 30.0, "deg",
    "side to side across the circle: a full circle spans 40-60 deg; under 30 deg done fast is a small quick circle",
)

EXERCISE = swing_exercise(
    name="leg_circle",
    title="Standing leg circles",
    how_to=(
        "Stand tall on one leg, a hand on a wall or chair for balance. Keeping the other leg straight, draw circles "
        "with the foot: forward, out to the side, back and across, as big as you can while the trunk stays still. "
        "About 30 s (10-15 circles), then switch legs (and directions)."
    ),
    camera="Put the camera at hip height, 2-3 m in front of you (or to your side), whole body in view.",
    signals={View.FRONT: FRONT, View.SIDE: SIDE},
    wide_min=WIDE_MIN,
    wrong_view_cue="Face the camera (or turn side-on to it) so it sees your leg circle.",
)
