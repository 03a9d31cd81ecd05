"""Measurement on the real clips in ../shared/videos (a dev set beside the checkout; skipped when absent)."""

from pathlib import Path

import pytest

from posecoach.evaluation import evaluate, evaluate_perturbed

pytestmark = [pytest.mark.devset, pytest.mark.model]

#: Real clips the coach is known to miss, with why (the README's known limits say the same). Listed, not skipped:
#: the test fails as soon as one of them counts within one, so the entry is dropped when the limit is fixed.
KNOWN_MISSES = {
    "bridge_singleleg_side_01.mp4": (
        "3 of 6: a single-leg heel bridge (knees 125-148 deg), filmed from floor level slightly toward the feet. The "
        "three bridges pushed on the near (left) leg count. The three pushed on the far leg, with the near leg kicked "
        "up, lift the hips 0.05-0.12 thigh lengths above the shoulder-heel line (2-5 cm), what the clip reads lying "
        "between reps (0.0-0.11), and the shoulder-hip-knee angle to 158-165 deg, as lying with these knees reads: "
        "the same as lying still with a leg kicked up. With the near thigh raised MediaPipe puts both hips at the "
        "underside of the buttocks (the frames show them ~4-5 cm off the rug); its world landmarks read no more, "
        "and the heavy model counts the same 3"
    ),
}

#: Negative runs known to count something, with why; listed the same way (the test fails once one counts nothing).
KNOWN_FALSE_COUNTS: dict[tuple[str, str], str] = {}


#: Counts known to move when a clip is filmed another way (``posecoach eval --perturb``), with why; listed the same way.
KNOWN_FRAGILE = {
    ("squat_oblique_01.mp4", "roll-8"): (
        "the clip zooms, and mid-set the view flips to front while the person stands: the front view's hip height then "
        "reads 0.86-0.89 leg lengths standing with the camera rolled clockwise, under the 0.90 standing line, so three "
        "reps run together"
    ),
    ("lunge_oblique_01.mp4", "half_fps"): "the last rep ends 0.1 s before the clip does: at half the frame rate no frame sees it standing again",
    ("birddog_side_01.mp4", "roll+8"): (
        "the reach is read against the image horizontal: this close framing shows no floor line under the hips that "
        "spans a torso length, so a camera rolled 8 deg moves the reach (21 deg below level) past the 25 deg line"
    ),
}


@pytest.fixture(scope="module")
def dev_landmarks(tmp_path_factory) -> Path:
    """The dev clips' landmarks, made once for this module's tests."""
    return tmp_path_factory.mktemp("dev-landmarks")


def test_supported_exercises_count_within_one_and_negatives_count_nothing(dev_videos, dev_landmarks):
    results = [r for r in evaluate(dev_videos / "labels.json", progress=False, landmarks_dir=dev_landmarks) if r.error is not None]
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


def test_counts_do_not_depend_on_how_the_clip_was_filmed(dev_videos, dev_landmarks):
    """Each target clip mirrored, with the camera rolled 8 deg, the person further away, at half the frame rate,
    25% slower, 20% faster and with noisier landmarks counts what it counts as filmed."""
    results = evaluate_perturbed(dev_videos / "labels.json", dev_landmarks, progress=False)
    assert results
    moved = {(r.file, name): (r.counted, count) for r in results for name, count in r.moved().items()}
    assert moved.keys() <= KNOWN_FRAGILE.keys(), {key: moved[key] for key in moved.keys() - KNOWN_FRAGILE.keys()}
    assert not KNOWN_FRAGILE.keys() - moved.keys(), f"now steady: drop {sorted(KNOWN_FRAGILE.keys() - moved.keys())}"


def test_the_donkey_kick_clip_alternates_legs_and_kicks_above_the_back(dev_videos, dev_landmarks):
    """Checked by eye (contact sheets at each rep's top): the demonstrator alternates legs, the far (right) leg
    first. On reps 2, 4, 6 the near leg kicks: the lifted thigh passes in front of the shorts' outline (on 1, 3, 5
    it comes from behind the buttock), and the knee left on the floor sits ~25 px higher in the 720p image, where
    the far knee rests (a camera above the floor shows it higher): that knee's position, not its label, says so.
    Every kick goes ~35-45 deg above level, 40-53 deg above the trunk line (hip extension stops ~10-20 deg past it),
    with the lower back dipping more than at rest: each rep is a back arch by the exercise's own rule."""
    from posecoach.report import analyze_video

    landmarks = dev_landmarks / "donkeykick_side_01.full.jsonl.gz"  # kept by the tests above, when they ran
    report = analyze_video(landmarks if landmarks.exists() else dev_videos / "donkeykick_side_01.mp4", "donkey_kick")
    assert [rep.side for rep in report.rep_events if rep.counted] == ["right", "left"] * 3 + ["right"]
    assert all("back_arches" in {issue.code for issue in rep.issues} for rep in report.rep_events)


def test_the_single_leg_heel_bridges_pushed_on_the_near_leg_count_on_that_side(dev_videos, dev_landmarks):
    """Checked by eye: the demonstrator alternates legs, lying side-on to a camera at floor level on his left. On the
    2nd, 4th and 6th bridges (label times 6.6, 12.1 and 17.4 s) the far leg is kicked up and the hips rise onto the
    shoulder-knee line on the near (left) heel, knees at ~145 deg (feet far out: a heel bridge)."""
    from posecoach.report import analyze_video

    landmarks = dev_landmarks / "bridge_singleleg_side_01.full.jsonl.gz"  # kept by the tests above, when they ran
    report = analyze_video(landmarks if landmarks.exists() else dev_videos / "bridge_singleleg_side_01.mp4", "glute_bridge")
    counted = [rep for rep in report.rep_events if rep.counted]
    assert [rep.side for rep in counted] == ["left"] * 3
    assert [round(rep.peak_s) for rep in counted] == pytest.approx([7, 12, 18], abs=1)
