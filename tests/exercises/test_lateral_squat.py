import math

import numpy as np
import pytest

from helpers import run_poses
from synthetic import project
from standing_synthetic import lateral_joints


def hold_both_sides(hold_s: float = 8.0, fault: dict | None = None, fault_window: tuple[float, float] = (0.0, 0.0)):
    """Stand 1 s, sit into the left hip (1 s), hold, stand up, 2 s standing, the same on the right."""
    rng = np.random.default_rng(8)
    block = 1.0 + hold_s + 1.0

    def pose_at(t: float):
        side = "LEFT" if t < 1.0 + block else "RIGHT"
        u = t - 1.0 if side == "LEFT" else t - (3.0 + block)
        depth = float(np.clip(min(u, block - u), 0.0, 1.0))
        ramp = float(np.clip(min(t - fault_window[0], fault_window[1] - t) / 0.4, 0.0, 1.0))  # 0.4 s in and out
        keywords = {name: value * ramp for name, value in (fault or {}).items()}
        if "trunk_forward_deg" in keywords:
            keywords["trunk_forward_deg"] = 10.0 + keywords["trunk_forward_deg"]
        sway = 0.01 * math.sin(2 * math.pi * 0.3 * t)  # breathing
        return project(lateral_joints(side, depth * (1.0 - sway), **keywords), yaw_deg=0.0, noise_px=1.0, rng=rng)

    return pose_at, 3.0 + 2 * block


def test_each_side_is_timed_while_held():
    run = run_poses("lateral_squat", *hold_both_sides())
    held = run.session.checker.held_by_side()
    assert held["left"] == pytest.approx(8.0, abs=1.0) and held["right"] == pytest.approx(8.0, abs=1.0)


@pytest.mark.parametrize("fault, code", [({"straight_knee_deg": 60.0}, "straight_leg_bends"), ({"trunk_forward_deg": 50.0}, "trunk_forward")])
def test_a_fault_stops_the_clock_and_says_why(fault, code):
    run = run_poses("lateral_squat", *hold_both_sides(fault=fault, fault_window=(4.0, 7.0)))
    assert run.session.checker.held_by_side()["left"] == pytest.approx(5.0, abs=1.0)
    assert code in {e.code for e in run.events}
