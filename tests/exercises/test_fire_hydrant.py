import pytest

from helpers import run_poses
from synthetic import floor_set, quadruped_joints


def hydrants(side, reps, **keywords):
    return floor_set(quadruped_joints, [{"hydrant_deg": {side: rep.pop("lift", 65.0)}, **rep} for rep in reps], **keywords)


@pytest.mark.parametrize("yaw_deg", [0.0, 90.0])  # from the side, from behind
@pytest.mark.parametrize("side", ["LEFT", "RIGHT"])
def test_clean_lifts_count_on_the_lifted_side(side, yaw_deg):
    pose_at, duration = hydrants(side, [{}, {}, {}], noise_px=1.5, yaw_deg=yaw_deg)
    run = run_poses("fire_hydrant", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, side.lower())] * 3
    assert run.issue_codes_by_rep() == {i: set() for i in (1, 2, 3)}


def test_a_low_lift_is_an_attempt():
    pose_at, duration = hydrants("LEFT", [{}, {"lift": 33.0}, {}])
    run = run_poses("fire_hydrant", pose_at, duration)
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"low_lift"}


@pytest.mark.parametrize(
    ("fault", "yaw_deg", "code"),
    [
        ({"trunk_roll_deg": 25.0}, 90.0, "trunk_tilts"),
        # a camera above the floor reads a roll short (rendered from behind: 23 deg turns MediaPipe's shoulder line
        # 13-16 deg), while a few degrees of wobble is a level trunk
        ({"trunk_roll_deg": 14.0}, 90.0, "trunk_tilts"),
        ({"trunk_roll_deg": 5.0}, 90.0, None),
        ({"hip_sink_m": 0.1}, 0.0, "back_sags"),
        # judged only where it shows: side-on the shoulder line points at the camera; from behind the hips sink
        # along the line of sight
        ({"trunk_roll_deg": 25.0}, 0.0, None),
        ({"hip_sink_m": 0.1}, 90.0, None),
    ],
)
def test_each_fault_only_on_its_rep_from_the_view_that_shows_it(fault, yaw_deg, code):
    pose_at, duration = hydrants("RIGHT", [{}, dict(fault), {}], noise_px=1.0, yaw_deg=yaw_deg)
    run = run_poses("fire_hydrant", pose_at, duration)
    assert [r.counted for r in run.records] == [True, True, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: {code} if code else set(), 3: set()}
