"""Lateral squat hold (side lunge stretch): feet about twice shoulder-width, toes out, sit into one hip with the
other leg straight and hold 30 s, then the other side. Filmed from the front (or from behind).

The clock runs per side only while in position: one knee well bent (its leg reaching at least ``FULL_DEPTH``
less than the straight one), the other leg straight, the chest up and the bent knee over the foot. Readings are
shared with ``lateral_lunge``.
"""

from collections.abc import Callable

from posecoach.exercises.base import HoldExercise, PostureCheck, Range, Threshold
from posecoach.exercises.lateral_lunge import (
    FULL_DEPTH, KNEE_CUE, KNEE_OVER_FOOT_MIN, STANDING, STRAIGHT_LEG_CUE, STRAIGHT_LEG_MIN, TRUNK_CUE, TRUNK_SHARE_MIN,
    knee_over_foot, lunge_reach, reach_shortfall, straight_leg_reach,
)
from posecoach.exercises.stance import bent_leg, torso_share
from posecoach.kinematics import BodyMeasures, Side, View

HOLD_SHORTFALL = Threshold(
    "hold_reach_shortfall", FULL_DEPTH.value, "leg lengths",
    "in position: the bent leg ~0.22 shorter than the straight one, that knee at about 100 deg or less",
)


def once_in_position(read: Callable[[BodyMeasures], float]) -> Callable[[BodyMeasures, Side | None], float]:
    """A fault reading judged only once sitting into one hip (the bent leg reaching at most 1 - HOLD_SHORTFALL of
    its length, whatever the other leg does): standing in the middle, between sides, both legs are about as long,
    which one is "bent" flips with landmark noise, and a knee or straight-leg cue there (rendered: a knee cue
    while rising between sides) would be nagging. NaN: not judged (the clock is stopped anyway by
    ``not_in_position``)."""

    def reading(m: BodyMeasures, side: Side | None) -> float:
        return read(m) if lunge_reach(m) <= 1.0 - HOLD_SHORTFALL.value else float("nan")

    return reading


EXERCISE = HoldExercise(
    name="lateral_squat",
    title="Lateral squat hold",
    how_to=(
        "Stand with your feet about twice shoulder-width apart, toes turned out. Sit into one hip, bending that "
        "knee over your toes while the other leg stays straight, chest up; you feel the stretch along the inner "
        "thigh of the straight leg. Hold 30 seconds, breathing calmly, then switch sides."
    ),
    target="30 s each side",
    camera="Put the camera at hip height, 2-3 m in front of you (or behind you), feet and hands in view.",
    views=frozenset({View.FRONT}),
    wrong_view_cue="Face the camera (or turn your back to it) so it sees both legs.",
    side_of=bent_leg,
    position=STANDING[1:],  # feet wide; the trunk is judged in the hold itself
    posture=(
        PostureCheck(
            "not_in_position", "Sit deeper into one hip, bending that knee to about 90 degrees.",
            reading=lambda m, side: reach_shortfall(m), allowed=Range(low=HOLD_SHORTFALL),
        ),
        PostureCheck(
            "straight_leg_bends", STRAIGHT_LEG_CUE,
            reading=once_in_position(straight_leg_reach), allowed=Range(low=STRAIGHT_LEG_MIN),
        ),
        PostureCheck("trunk_forward", TRUNK_CUE, reading=once_in_position(torso_share), allowed=Range(low=TRUNK_SHARE_MIN)),
        PostureCheck("knee_cave", KNEE_CUE, reading=once_in_position(knee_over_foot), allowed=Range(low=KNEE_OVER_FOOT_MIN)),
    ),
    key_angles={"bent_leg_shortfall": reach_shortfall, "straight_leg_reach": straight_leg_reach, "torso_share": torso_share},
)
