"""Jump rope: every jump through tempo changes and breaks, jumps per minute, time jumping, stiff landings."""

import pytest

from dynamic_synthetic import Jumps, Pause, jump_script
from helpers import run_poses
from posecoach.events import EventKind


@pytest.mark.parametrize("yaw_deg", [90.0, 45.0], ids=["side", "45deg"])
def test_every_jump_through_tempo_changes_and_a_break(yaw_deg):
    steps = [Jumps(8, 0.55), Jumps(3, 0.55, dip_m=0.002), Jumps(10, 0.42), Pause(3.0), Jumps(6, 0.7)]
    pose_at, duration, jumps = jump_script(steps, yaw_deg=yaw_deg)
    run = run_poses("jump_rope", pose_at, duration)
    assert len(run.records) == len(jumps) and all(r.counted for r in run.records)
    for record, (takeoff_s, _) in zip(run.records, jumps):
        assert takeoff_s <= record.start_s <= takeoff_s + 0.2
    assert run.issue_codes_by_rep() == {i + 1: {"stiff_landing"} if stiff else set() for i, (_, stiff) in enumerate(jumps)}
    bouts = run.session.checker.bout_summary()
    assert [b.reps for b in bouts.bouts] == [21, 6] and len(bouts.breaks()) == 1
    true_jumping_s = 11 * 0.55 + 10 * 0.42 + 6 * 0.7
    assert bouts.active_s == pytest.approx(true_jumping_s, abs=0.7)
    assert bouts.per_minute == pytest.approx(60.0 * 25 / (10 * 0.55 + 10 * 0.42 + 5 * 0.7), abs=3.0)
    # the cue is said once for three stiff landings in a row, not on every jump
    assert len([e for e in run.events_of(EventKind.CUE) if e.code == "stiff_landing"]) == 1


def test_standing_and_talking_is_not_jumping():
    pose_at, duration, _ = jump_script([Pause(6.0)])
    assert not run_poses("jump_rope", pose_at, duration).records


def test_facing_the_camera_asks_to_turn_side_on():
    pose_at, duration, _ = jump_script([Jumps(6, 0.5)], yaw_deg=0.0)
    run = run_poses("jump_rope", pose_at, duration)
    assert not run.records
    assert any(e.code == "wrong_view" for e in run.events_of(EventKind.GUIDANCE))


def test_a_lone_hop_and_a_foot_held_up_are_not_jumping():
    """One hop is not skipping (jumps count from the second of a bout); feet up for 1 s is no rope jump (a 60 cm
    jump is in the air 0.7 s), whatever follows it."""
    pose_at, duration, _ = jump_script([Jumps(1, 0.55), Pause(3.0), Jumps(1, 2.0, height_m=0.1, air_share=0.6), Jumps(1, 0.55)])
    assert not run_poses("jump_rope", pose_at, duration).records
