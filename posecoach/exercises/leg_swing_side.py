"""Side-to-side leg swings: balance on one leg and swing the other out to the side and back across in front of the
standing leg, about 30 s, then switch. Filmed from the front (or behind): each swing's range is the leg's angle from
across the body to out at the side."""

from posecoach.exercises.base import Threshold
from posecoach.exercises.swinging import leg_out_deg, swing_exercise, swing_signal
from posecoach.kinematics import View

SIGNAL = swing_signal(
    "leg out", leg_out_deg, rest_deg=-5.0, leave_deg=12.0, full_deg=20.0,
    why="the leg 20 deg or more out to the side: a swing (a relaxed side swing reaches 30-45 deg out)",
)
WIDE_MIN = Threshold(
    "wide_swing_min_deg", 40.0, "deg",
    "across to out: a full side swing travels 50-70 deg (30-45 out, 15-25 across); under 40 deg done fast is short and quick",
)

EXERCISE = swing_exercise(
    name="leg_swing_side",
    title="Leg swings (side to side)",
    how_to=(
        "Face a wall or chair and hold it for balance, standing tall on one leg. Swing the other leg out to the side "
        "and back across in front of the standing leg, a little wider each time; keep your trunk upright and still. "
        "About 30 s (15-20 swings), then switch legs."
    ),
    camera="Put the camera at hip height, 2-3 m in front of you (or behind you), whole body in view.",
    signals={View.FRONT: SIGNAL},
    wide_min=WIDE_MIN,
    wrong_view_cue="Face the camera (or turn your back to it) so it sees your leg swing out to the side.",
)
