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
KNOWN_FALSE_COUNTS: dict[tuple[str, str], str] = {}


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
