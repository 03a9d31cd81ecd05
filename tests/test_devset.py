"""Measurement on the real clips in ../shared/videos (a dev set beside the checkout; skipped when absent)."""

import pytest

from posecoach.evaluation import evaluate

pytestmark = [pytest.mark.devset, pytest.mark.model]


def test_supported_exercises_count_within_one_and_negatives_count_nothing(dev_videos):
    results = [r for r in evaluate(dev_videos / "labels.json", progress=False) if r.error is not None]
    assert results, "the dev set has clips of supported exercises"
    targets = [r for r in results if not r.negative]
    for r in targets:
        assert r.error <= 1, f"{r.file}: counted {r.counted}, labelled {r.expected}"
    assert sum(r.error == 0 for r in targets) / len(targets) >= 0.85
    assert all(r.counted == 0 for r in results if r.negative), [(r.file, r.exercise, r.counted) for r in results if r.negative]
