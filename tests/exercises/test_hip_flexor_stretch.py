import pytest

from helpers import run_poses
from posecoach.events import EventKind
from synthetic import kneeling_stretch_pose, squat_side_points, make_pose


def timeline(*segments):
    """segments: (duration_s, pose factory); returns pose_at and the total duration."""
    edges, total = [], 0.0
    for duration, factory in segments:
        edges.append((total, total + duration, factory))
        total += duration

    def pose_at(t):
        for start, end, factory in edges:
            if start <= t < end:
                return factory()
        return edges[-1][2]()

    return pose_at, total


def standing():
    return make_pose(squat_side_points(178.0))


def kneel(side="LEFT", **kw):
    return lambda: kneeling_stretch_pose(side, **kw)


def test_the_clock_waits_until_the_body_is_still():
    # sliding into the position (right posture, still moving) is not holding yet
    leg_px = 0.9 * 450.0
    speed = 0.4  # leg lengths per second, like kneeling down

    def pose_at(t):
        pose = kneeling_stretch_pose("LEFT")
        return pose.with_xy(pose.xy + [speed * leg_px * (min(t, 3.0) - 3.0), 0.0])

    run = run_poses("hip_flexor_stretch", pose_at, 13.0)
    assert run.session.checker.held_by_side()["left"] == pytest.approx(10.0, abs=0.3)


def test_times_each_side_and_reports_completion():
    pose_at, duration = timeline((2, standing), (31, kneel("LEFT")), (3, standing), (31, kneel("RIGHT")), (2, standing))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    held = run.session.checker.held_by_side()
    assert held["left"] == pytest.approx(31.0, abs=0.5)
    assert held["right"] == pytest.approx(31.0, abs=0.5)
    done = run.events_of(EventKind.HOLD_COMPLETE)
    assert [e.code for e in done] == ["left", "right"]
    assert 2 + 30 - 0.2 <= done[0].at_s <= 2 + 30 + 0.5


def test_a_break_stops_the_clock_and_the_time_adds_up():
    pose_at, duration = timeline((1, standing), (12, kneel()), (4, standing), (18, kneel()), (1, standing))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    records = run.records
    assert [r.side for r in records] == ["left", "left"]
    assert records[0].held_s == pytest.approx(12.0, abs=0.4)
    assert run.session.checker.held_by_side()["left"] == pytest.approx(30.0, abs=0.6)


def test_a_blip_shorter_than_the_grace_period_does_not_stop_the_clock():
    pose_at, duration = timeline((1, standing), (10, kneel()), (0.4, standing), (10, kneel()))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    assert len(run.records) == 1
    assert run.records[0].held_s == pytest.approx(20.4, abs=0.3)


def test_leaning_forward_pauses_the_clock_with_a_cue():
    pose_at, duration = timeline((1, standing), (5, kneel()), (5, kneel(trunk_lean_deg=45.0)), (5, kneel()))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    assert run.session.checker.held_by_side()["left"] == pytest.approx(10.0, abs=0.6)
    assert any(e.code == "trunk_lean" for e in run.events_of(EventKind.CUE))


def test_facing_the_other_way_gives_the_same_result():
    pose_at, duration = timeline((1, standing), (8, kneel("RIGHT", facing=-1.0)))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    assert run.session.checker.held_by_side() == {"right": pytest.approx(8.0, abs=0.4)}


def test_nobody_in_view_means_no_time():
    run = run_poses("hip_flexor_stretch", lambda t: None, 5.0)
    assert run.session.checker.held_by_side() == {}
    assert run.events_of(EventKind.GUIDANCE)[0].code == "no_person"


@pytest.mark.parametrize("back_side, front_side", [("LEFT", "RIGHT"), ("RIGHT", "LEFT")])
def test_front_knee_key_angle_reads_the_leg_that_is_not_kneeling(back_side, front_side):
    from posecoach.exercises import get_exercise
    from posecoach.kinematics import BodyTracker, Side

    measures = BodyTracker(smooth=False).update(kneeling_stretch_pose(back_side), 0.0)
    front_knee = get_exercise("hip_flexor_stretch").key_angles["front_knee"](measures)
    assert front_knee == pytest.approx(measures.sides[Side[front_side]].knee)
    assert front_knee != pytest.approx(measures.sides[Side[back_side]].knee, abs=5.0)


def test_sliding_out_of_the_position_is_not_counted():
    # the posture still passes while the whole body slides away: the clock stops when the move began, not when
    # it was recognised as a move (half a second later)
    leg_px = 0.9 * 450.0
    speed = 0.4  # leg lengths per second

    def pose_at(t):
        pose = kneeling_stretch_pose("LEFT")
        return pose.with_xy(pose.xy + [speed * leg_px * max(t - 10.0, 0.0), 0.0])

    run = run_poses("hip_flexor_stretch", pose_at, 12.0)
    assert run.session.checker.held_by_side()["left"] == pytest.approx(10.0, abs=0.15)


def test_the_status_names_the_side_still_to_do_and_the_plotted_reading():
    pose_at, duration = timeline((1, standing), (31, kneel("LEFT")), (2, standing))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    assert [result.status.next_side for result in run.results[::30]][:5] == [""] * 5
    assert run.results[-1].status.next_side == "right"
    holding = run.results[10 * 30].status
    assert holding.signal_name == "front_knee" and 80.0 < holding.signal_value < 100.0


def test_re_settling_within_the_grace_period_keeps_one_hold():
    # 1.5 s out of the position (shifting the knee, easing the hips) is re-settling, not a break
    pose_at, duration = timeline((1, standing), (10, kneel()), (1.5, standing), (10, kneel()), (1, standing))
    run = run_poses("hip_flexor_stretch", pose_at, duration)
    assert len(run.records) == 1
    assert run.records[0].held_s == pytest.approx(21.5, abs=0.3)


def test_a_gentle_cue_repeats_only_after_20_s_and_the_clock_keeps_running():
    run = run_poses("hip_flexor_stretch", lambda t: kneeling_stretch_pose("LEFT", trunk_lean_deg=18.0), 30.0)
    cues = run.events_of(EventKind.CUE)
    assert [event.code for event in cues] == ["trunk_leans", "trunk_leans"]
    assert cues[1].at_s - cues[0].at_s == pytest.approx(20.0, abs=0.1)
    assert run.session.checker.held_by_side()["left"] == pytest.approx(30.0, abs=0.2)


def kneeling_from_45_degrees(back="RIGHT"):
    """Half-kneeling as MediaPipe read it 45 degrees off side-on (rendered truth): the shoulder and hip lines spread
    like a front view and the back knee drawn 0.25 leg lengths up, so the body reads as standing."""
    from posecoach.landmarks import Landmark
    from synthetic import PX_PER_M

    pose = kneeling_stretch_pose(back)
    xy = pose.xy.copy()
    for part in ("SHOULDER", "HIP", "EAR"):
        xy[Landmark[f"LEFT_{part}"]] += [0.17 * PX_PER_M, 0.0]
        xy[Landmark[f"RIGHT_{part}"]] -= [0.17 * PX_PER_M, 0.0]
    xy[Landmark[f"{back}_KNEE"]] -= [0.0, 0.25 * 0.9 * PX_PER_M]
    return pose.with_xy(xy)


def test_kneeling_seen_from_the_front_gets_the_camera_cue_not_kneel_and_times_nothing():
    pose = kneeling_from_45_degrees()
    run = run_poses("hip_flexor_stretch", lambda t: pose, 4.0)
    from posecoach.kinematics import Orientation

    assert run.results[-1].measures.orientation.orientation is not Orientation.HALF_KNEELING  # misread, as rendered
    assert not run.records
    assert [event.code for event in run.events_of(EventKind.GUIDANCE)] == ["wrong_view"]
