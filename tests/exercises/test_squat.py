import numpy as np
import pytest

from helpers import run_poses
from posecoach.events import EventKind, Guidance
from synthetic import make_pose, rep_profile, squat_front_pose, squat_side_points

REP_S = 2.4
LEAD_S = 1.0  # standing still before the first rep


def side_set(
    depths: list[float],
    *,
    lean: dict[int, float] | None = None,
    heel_lift: dict[int, float] | None = None,
    shin_share: dict[int, float] | None = None,
    noise_px: float = 0.0,
    missing: callable = lambda t: False,
):
    """A side-view set: one knee angle at the bottom per rep, faults on chosen reps (1-based)."""
    lean, heel_lift, shin_share = lean or {}, heel_lift or {}, shin_share or {}
    rng = np.random.default_rng(7)

    def pose_at(t: float):
        if missing(t):
            return None
        rep = int((t - LEAD_S) // REP_S)
        if t < LEAD_S or rep >= len(depths):
            return make_pose(squat_side_points(178.0), noise_px=noise_px, rng=rng)
        u = (t - LEAD_S) - rep * REP_S
        knee = rep_profile(178.0, depths[rep], REP_S, hold_s=0.3)(u)
        progress = (178.0 - knee) / max(178.0 - depths[rep], 1e-6)
        points = squat_side_points(
            knee,
            trunk_lean_deg=progress * lean[rep + 1] if rep + 1 in lean else None,
            heel_lift_deg=progress * heel_lift.get(rep + 1, 0.0),
            shin_share=shin_share.get(rep + 1, 0.35),
        )
        return make_pose(points, noise_px=noise_px, rng=rng)

    return pose_at, LEAD_S + REP_S * len(depths) + 1.0


@pytest.mark.parametrize("noise_px", [0.0, 2.0])
def test_deep_reps_all_count_with_no_issues(noise_px):
    pose_at, duration = side_set([70, 80, 65, 75, 72], noise_px=noise_px)
    run = run_poses("squat", pose_at, duration)
    assert [r.counted for r in run.records] == [True] * 5
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 6)}
    assert len(run.events_of(EventKind.REP)) == 5
    assert not run.events_of(EventKind.CUE)


def test_shallow_reps_are_attempts_with_a_depth_cue_during_the_rep():
    pose_at, duration = side_set([70, 120, 72, 118, 75])
    run = run_poses("squat", pose_at, duration)
    assert [r.counted for r in run.records] == [True, False, True, False, True]
    assert run.session.checker.reps == 3 and run.session.checker.attempts == 2
    assert run.issue_codes_by_rep()[2] == {"shallow"}
    cue = next(e for e in run.events_of(EventKind.CUE) if e.code == "shallow")
    rep2 = run.records[1]
    assert rep2.peak_s <= cue.at_s < rep2.end_s, "the depth cue comes while rising, before the rep ends"
    assert "lower" in cue.message


def test_torso_lean_flagged_only_on_the_leaning_rep():
    pose_at, duration = side_set([72, 72, 72], lean={2: 68.0})
    codes = run_poses("squat", pose_at, duration).issue_codes_by_rep()
    assert codes == {1: set(), 2: {"torso_lean"}, 3: set()}


def test_heels_lifting_flagged():
    pose_at, duration = side_set([72, 72, 72], heel_lift={3: 25.0})
    assert run_poses("squat", pose_at, duration).issue_codes_by_rep() == {1: set(), 2: set(), 3: {"heels_lift"}}


def test_knees_far_past_toes_flagged_as_a_caution():
    pose_at, duration = side_set([75, 75], shin_share={1: 0.72})
    run = run_poses("squat", pose_at, duration)
    assert run.issue_codes_by_rep() == {1: {"knees_past_toes"}, 2: set()}
    assert run.records[0].counted, "forward knee travel is a caution, the rep still counts"


def test_a_single_noisy_frame_does_not_make_a_cue():
    spike = lambda t: abs(t - (LEAD_S + 1.2)) < 0.02  # one frame at the bottom of rep 1
    pose_at, duration = side_set([72, 72], lean={1: 0.0})
    base = pose_at

    def with_spike(t):
        if spike(t):
            return make_pose(squat_side_points(72.0, trunk_lean_deg=75.0))
        return base(t)

    run = run_poses("squat", with_spike, duration)
    assert run.issue_codes_by_rep() == {1: set(), 2: set()}


def test_dropped_frames_do_not_lose_reps():
    pose_at, duration = side_set([72, 72, 72, 72])
    run = run_poses("squat", lambda t: None if int(t * 30) % 3 == 0 else pose_at(t), duration)
    assert run.session.checker.reps == 4
    assert not run.events_of(EventKind.GUIDANCE), "single missing frames must not flash guidance"


def test_person_leaving_mid_set_pauses_counting_and_says_so():
    away = lambda t: LEAD_S + 2 * REP_S + 0.2 < t < LEAD_S + 2 * REP_S + 3.5
    pose_at, duration = side_set([72, 72, 178, 72, 72], missing=away)  # the third "rep" is spent away
    run = run_poses("squat", pose_at, duration)
    assert run.session.checker.reps == 4
    guidance = run.events_of(EventKind.GUIDANCE)
    assert guidance and guidance[0].code == Guidance.NO_PERSON.value
    away_results = [r for r in run.results if away(r.timestamp_s)]
    assert all(not r.events or all(e.kind is EventKind.GUIDANCE for e in r.events) for r in away_results)


def test_hidden_ankles_ask_to_step_back_and_count_nothing():
    from posecoach.landmarks import Landmark as L

    hidden = (L.LEFT_ANKLE, L.RIGHT_ANKLE, L.LEFT_HEEL, L.RIGHT_HEEL, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX)
    pose_at, duration = side_set([72, 72])
    run = run_poses("squat", lambda t: make_pose(squat_side_points(178.0), hidden=hidden) if t < 0 else pose_hidden(pose_at(t), hidden), duration)
    assert run.session.checker.reps == 0
    guidance = run.events_of(EventKind.GUIDANCE)
    assert guidance and "ankles" in guidance[0].message


def pose_hidden(pose, hidden):
    visibility = pose.visibility.copy()
    visibility[list(hidden)] = 0.05
    return type(pose)(pose.xy, pose.depth, visibility, visibility, pose.world, pose.image_size)


def front_set(depths: list[float], knee_in: dict[int, float] | None = None, noise_px: float = 0.0):
    knee_in = knee_in or {}
    rng = np.random.default_rng(3)

    def pose_at(t: float):
        rep = int((t - LEAD_S) // REP_S)
        if t < LEAD_S or rep >= len(depths):
            return squat_front_pose(0.0, noise_px=noise_px, rng=rng)
        depth = rep_profile(0.0, depths[rep], REP_S, hold_s=0.3)((t - LEAD_S) - rep * REP_S)
        return squat_front_pose(depth, knee_in=knee_in.get(rep + 1, 0.0) * depth / depths[rep], noise_px=noise_px, rng=rng)

    return pose_at, LEAD_S + REP_S * len(depths) + 1.0


def test_front_view_counts_by_hip_drop_and_flags_knees_caving_in():
    pose_at, duration = front_set([1.0, 1.0, 1.05, 0.6], knee_in={2: 0.6}, noise_px=1.0)
    run = run_poses("squat", pose_at, duration)
    assert [r.counted for r in run.records] == [True, True, True, False]
    codes = run.issue_codes_by_rep()
    assert codes[1] == set() and codes[3] == set()
    assert codes[2] == {"knees_cave"}
    assert codes[4] == {"shallow"}


def test_a_rep_is_judged_on_the_signal_it_started_with_when_the_view_flickers(monkeypatch):
    # bending changes how wide the body looks, so the view reading can flip mid-rep
    from posecoach.kinematics import body

    bottom_of_rep_2 = LEAD_S + REP_S * 1.5
    classify = body.BodyTracker._classify_view
    monkeypatch.setattr(
        body.BodyTracker, "_classify_view",
        lambda self, points, dt_s: body.View.FRONT if abs(self._last_time_s - bottom_of_rep_2) < 0.4 else classify(self, points, dt_s),
    )
    pose_at, duration = side_set([70.0, 70.0, 70.0])
    run = run_poses("squat", pose_at, duration)
    flipped = [r for r in run.results if r.measures.view is body.View.FRONT]
    assert flipped and all(r.status.signal_name == "knee angle" for r in flipped)
    assert [r.counted for r in run.records] == [True, True, True]


@pytest.mark.parametrize("move_s", [0.8, 1.0])
def test_brisk_squats_count_every_rep(move_s):
    """Down and up in 0.8 s, then a pause standing (a brisk set of ~1.6 s a rep): under half a second below the
    140 deg start line, a real rep, not a glitch."""
    reps, cycle_s = 6, 1.6

    def pose_at(t: float):
        u = t - LEAD_S
        if u < 0 or u >= reps * cycle_s or u % cycle_s >= move_s:
            return make_pose(squat_side_points(178.0))
        return make_pose(squat_side_points(rep_profile(178.0, 70.0, move_s)(u % cycle_s)))

    run = run_poses("squat", pose_at, LEAD_S + reps * cycle_s + 1.0)
    assert [r.counted for r in run.records] == [True] * reps


def test_a_dip_that_turns_straight_into_a_full_squat_leaves_the_squat_counted():
    """Knee 178 -> 130 -> 157 (standing height for one frame) -> 130 in the next frame -> 70 -> 178:
    the attempt is followed by a counted rep, not by a rep lost because the dip never settled at rest."""
    path = [(0.0, 178.0), (LEAD_S, 178.0), (LEAD_S + 0.5, 130.0), (LEAD_S + 0.8, 157.0), (LEAD_S + 0.8 + 1 / 30, 130.0),
            (LEAD_S + 1.5, 70.0), (LEAD_S + 2.3, 178.0), (LEAD_S + 4.0, 178.0)]
    times, knees = zip(*path)

    def pose_at(t: float):
        return make_pose(squat_side_points(float(np.interp(t, times, knees))))

    run = run_poses("squat", pose_at, LEAD_S + 4.0, smooth=False)
    assert [r.counted for r in run.records] == [False, True]
