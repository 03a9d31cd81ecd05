"""bird_dog and donkey_kick on the side-on quadruped skeleton."""

import pytest

from helpers import run_poses
from posecoach.events import EventKind
from synthetic import floor_set, quadruped_joints

OPPOSITE = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


def bird_dog(leg: str, reach: float = 0.0, **extra) -> dict:
    return {"leg_reach_deg": {leg: 45.0 + reach}, "arm_reach_deg": {OPPOSITE[leg]: 90.0 + reach}, "hold_s": 2.5, **extra}


def bird_dogs(reps, **keywords):
    """Reach angles above level swing from hanging (-45 leg, -90 arm) to the given level."""
    def joints(leg_reach_deg=None, arm_reach_deg=None, **rest):
        return quadruped_joints(
            leg_reach_deg={side: deg - 45.0 for side, deg in (leg_reach_deg or {}).items()},
            arm_reach_deg={side: deg - 90.0 for side, deg in (arm_reach_deg or {}).items()}, **rest)
    return floor_set(joints, reps, **keywords)


@pytest.mark.parametrize("noise_px", [0.0, 2.0])
def test_bird_dogs_alternate_and_count_per_side(noise_px):
    pose_at, duration = bird_dogs([bird_dog("LEFT"), bird_dog("RIGHT")] * 2, noise_px=noise_px)
    run = run_poses("bird_dog", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left"), (True, "right")] * 2
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 5)}
    assert run.session.checker.reps_by_side() == {"left": 2, "right": 2}


@pytest.mark.parametrize(
    ("rep", "counted", "codes"),
    [
        (bird_dog("RIGHT", reach=-30.0), False, {"low_reach"}),
        ({**bird_dog("RIGHT"), "hold_s": 0.3}, True, {"no_hold"}),
        (bird_dog("RIGHT", reach=35.0), True, {"back_sags"}),
    ],
)
def test_bird_dog_faults_only_on_their_rep(rep, counted, codes):
    pose_at, duration = bird_dogs([bird_dog("LEFT"), rep, bird_dog("LEFT")], noise_px=1.0)
    run = run_poses("bird_dog", pose_at, duration)
    assert [r.counted for r in run.records] == [True, counted, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: codes, 3: set()}


def test_bird_dog_counts_from_the_arm_when_the_legs_are_out_of_frame():
    from posecoach.landmarks import Landmark as L

    pose_at, duration = bird_dogs([bird_dog("LEFT")] * 3)
    legs_hidden = (L.LEFT_ANKLE, L.RIGHT_ANKLE, L.LEFT_HEEL, L.RIGHT_HEEL, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX)

    def cropped(t):
        pose = pose_at(t)
        visibility = pose.visibility.copy()
        visibility[list(legs_hidden)] = 0.05
        return type(pose)(pose.xy, pose.depth, visibility, visibility.copy(), pose.world, pose.image_size)

    run = run_poses("bird_dog", cropped, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left")] * 3


def donkey(side: str, lift: float = 90.0, **extra) -> dict:
    return {"donkey_deg": {side: lift}, **extra}


@pytest.mark.parametrize("side", ["LEFT", "RIGHT"])
@pytest.mark.parametrize("head_right", [True, False])
def test_donkey_kicks_count_on_the_kicking_side(side, head_right):
    pose_at, duration = floor_set(quadruped_joints, [{**donkey(side), "rest": {"head_right": head_right}}] * 3, noise_px=1.5)
    run = run_poses("donkey_kick", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, side.lower())] * 3
    assert run.issue_codes_by_rep() == {1: set(), 2: set(), 3: set()}


@pytest.mark.parametrize(("lift", "counted", "codes"), [(50.0, False, {"low_kick"}), (125.0, True, {"back_arches"})])
def test_donkey_kick_faults_only_on_their_rep(lift, counted, codes):
    pose_at, duration = floor_set(quadruped_joints, [donkey("LEFT"), donkey("LEFT", lift), donkey("LEFT")], noise_px=1.0)
    run = run_poses("donkey_kick", pose_at, duration)
    assert [r.counted for r in run.records] == [True, counted, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: codes, 3: set()}
    if not counted:
        cue = next(e for e in run.events_of(EventKind.CUE) if e.code == "low_kick")
        assert run.records[1].start_s < cue.at_s <= run.records[1].end_s
