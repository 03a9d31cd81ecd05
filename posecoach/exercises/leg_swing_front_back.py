"""Front-to-back leg swings: balance on one leg and swing the other forward and back, about 30 s, then switch.
Filmed side-on (or at an angle): each swing's range is the leg's angle from its back end to its front end."""

from posecoach.exercises.base import Threshold
from posecoach.exercises.swinging import leg_forward_deg, swing_exercise, swing_signal
from posecoach.kinematics import View

SIGNAL = swing_signal(
    "leg forward", leg_forward_deg, rest_deg=-8.0, leave_deg=10.0, full_deg=15.0,
    why="the leg 15 deg or more in front of vertical: a swing, not a shuffle or a step (a relaxed swing reaches 30-60 deg)",
)
WIDE_MIN = Threshold(
    "wide_swing_min_deg", 50.0, "deg",
    "back end to front end: a full front-to-back swing travels 60-100 deg; under 50 deg done fast is short and quick",
)

EXERCISE = swing_exercise(
    name="leg_swing_front_back",
    title="Leg swings (front to back)",
    how_to=(
        "Stand tall on one leg, a hand on a wall or chair for balance. Swing the other leg forward and back like a "
        "pendulum, letting it go a little higher each time; keep your trunk upright and still and the standing knee "
        "soft. About 30 s (15-20 swings), then switch legs."
    ),
    camera="Put the camera at hip height, 2-3 m to your side (or at 45 degrees), whole body and both feet in view.",
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    wide_min=WIDE_MIN,
    wrong_view_cue="Turn side-on to the camera so it sees your leg swing forward and back.",
)
