"""Banded side walk: steps per direction through tempo changes and a pause; each fault on its step."""

import pytest

from dynamic_synthetic import Pause, Step, banded_script
from helpers import run_poses


@pytest.mark.parametrize("yaw_deg", [0.0, 180.0], ids=["front", "behind"])
def test_steps_count_per_direction(yaw_deg):
    steps = [Step("LEFT"), Step("LEFT", seconds=0.8), Step("LEFT", seconds=1.7), Pause(2.0), Step("RIGHT"), Step("RIGHT", seconds=0.9), Step("RIGHT")]
    pose_at, duration = banded_script(steps, yaw_deg=yaw_deg)
    run = run_poses("banded_walk", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left")] * 3 + [(True, "right")] * 3
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 7)}
    assert run.session.checker.reps_by_side() == {"left": 3, "right": 3}


def test_each_fault_on_its_step():
    steps = [Step("LEFT"), Step("LEFT", rise_m=0.07), Step("LEFT", short_m=0.1), Step("LEFT", seconds=0.8), Pause(2.0),
             Step("RIGHT", sway_deg=16.0), Step("RIGHT", hop_m=0.07), Step("RIGHT", seconds=1.6), Step("RIGHT")]
    pose_at, duration = banded_script(steps)
    run = run_poses("banded_walk", pose_at, duration)
    assert [r.side for r in run.records] == ["left"] * 4 + ["right"] * 4
    assert run.issue_codes_by_rep() == {
        1: set(), 2: {"knees_straighten"}, 3: {"feet_apart"}, 4: set(), 5: {"trunk_bob"}, 6: {"hop"}, 7: set(), 8: set(),
    }
