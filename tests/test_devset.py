"""Measurement on the real clips in ../shared/videos (a dev set beside the checkout; skipped when absent)."""

import pytest

from posecoach.evaluation import evaluate

pytestmark = [pytest.mark.devset, pytest.mark.model]

#: Real clips the coach is known to miss, with why (the README's known limits say the same). Listed, not skipped:
#: the test fails as soon as one of them counts within one, so the entry is dropped when the limit is fixed.
KNOWN_MISSES = {
    "bridge_singleleg_side_01.mp4": (
        "single-leg bridge filmed from floor level slightly toward the feet: the far leg's reps read 154-165 deg, "
        "short of the shoulder-knee line, and the hips stay ~15 deg up between reps"
    ),
}

#: Negative runs known to count something, with why; listed the same way (the test fails once one counts nothing).
KNOWN_FALSE_COUNTS = {
    ("neg_crowd_01.mp4", exercise): (
        "the repeated-movement counters (jumps, leg swings and circles) count 1-2 on this 6 s crowd clip while the "
        "other 24 exercises count nothing; found when the branches were merged, cause not yet analysed"
    )
    for exercise in ("jump_rope", "leg_circle", "leg_swing_front_back")
}


def test_supported_exercises_count_within_one_and_negatives_count_nothing(dev_videos):
    results = [r for r in evaluate(dev_videos / "labels.json", progress=False) if r.error is not None]
    assert results, "the dev set has clips of supported exercises"
    targets = [r for r in results if not r.negative and r.file not in KNOWN_MISSES]
    for r in targets:
        assert r.error <= 1, f"{r.file}: counted {r.counted}, labelled {r.expected}"
    assert sum(r.error == 0 for r in targets) / len(targets) >= 0.85
    negatives = [r for r in results if r.negative]
    false_counts = {(r.file, r.exercise) for r in negatives if r.counted}
    assert false_counts <= KNOWN_FALSE_COUNTS.keys(), sorted(false_counts - KNOWN_FALSE_COUNTS.keys())
    assert not KNOWN_FALSE_COUNTS.keys() - false_counts, f"now count nothing: drop {sorted(KNOWN_FALSE_COUNTS.keys() - false_counts)}"
    still_missed = {r.file for r in results if r.file in KNOWN_MISSES and r.error > 1}
    fixed = {r.file for r in results if r.file in KNOWN_MISSES} - still_missed
    assert not fixed, f"now counted within one: drop from KNOWN_MISSES: {sorted(fixed)}"


def test_the_donkey_kick_clip_alternates_legs_and_kicks_above_the_back(dev_videos):
    """Checked by eye (contact sheets at each rep's top): the demonstrator alternates legs, the far (right) leg
    first. On reps 2, 4, 6 the near leg kicks: the lifted thigh passes in front of the shorts' outline (on 1, 3, 5
    it comes from behind the buttock), and the knee left on the floor sits ~25 px higher in the 720p image, where
    the far knee rests (a camera above the floor shows it higher): that knee's position, not its label, says so.
    Every kick goes ~35-45 deg above level, 40-53 deg above the trunk line (hip extension stops ~10-20 deg past it),
    with the lower back dipping more than at rest: each rep is a back arch by the exercise's own rule."""
    from posecoach.report import analyze_video

    report = analyze_video(dev_videos / "donkeykick_side_01.mp4", "donkey_kick")
    assert [rep.side for rep in report.rep_events if rep.counted] == ["right", "left"] * 3 + ["right"]
    assert all("back_arches" in {issue.code for issue in rep.issues} for rep in report.rep_events)
