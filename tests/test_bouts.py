"""Bouts of reps repeated without stopping: time per side, reps per minute, breaks."""

import pytest

from posecoach.bouts import BoutSummary
from posecoach.events import RepRecord


def rep(start_s: float, side: str | None = None, counted: bool = True, length_s: float = 0.3) -> RepRecord:
    return RepRecord(index=0, start_s=start_s, peak_s=start_s + length_s / 2, end_s=start_s + length_s, counted=counted, angles={}, side=side)


def test_a_pause_longer_than_the_gap_is_a_break_and_a_side_change_is_not():
    records = [rep(t) for t in (1.0, 1.5, 2.0, 2.5)] + [rep(t) for t in (6.0, 6.4, 6.8)]
    summary = BoutSummary.of(records, max_gap_s=1.5)
    assert [b.reps for b in summary.bouts] == [4, 3]
    assert summary.breaks() == [(pytest.approx(2.8), 6.0)]
    assert summary.active_s == pytest.approx(4 * 0.5 + 3 * 0.4)  # each bout: its reps at their mean period
    assert summary.per_minute == pytest.approx(60 * 5 / (1.5 + 0.8))
    sides = BoutSummary.of([rep(1.0, "left"), rep(2.0, "left"), rep(3.0, "right"), rep(4.0, "right")], max_gap_s=1.5)
    assert sides.time_by_side() == {"left": pytest.approx(2.0), "right": pytest.approx(2.0)} and not sides.breaks()


def test_attempts_are_not_in_bouts_and_one_rep_has_no_rate():
    summary = BoutSummary.of([rep(1.0), rep(1.5, counted=False)], max_gap_s=1.5)
    assert [b.reps for b in summary.bouts] == [1] and summary.per_minute != summary.per_minute
    assert summary.to_dict()["per_minute"] is None


def test_a_bout_counts_from_its_minimum_then_every_rep_and_a_lone_rep_never():
    from posecoach.bouts import BoutStart

    gate = BoutStart(max_gap_s=1.5, min_reps=2)
    first, second, third = rep(1.0, "left"), rep(1.6, "left"), rep(2.2, "left")
    assert gate.admit(first) == [] and gate.admit(second) == [first, second] and gate.admit(third) == [third]
    assert gate.admit(rep(2.8, "right")) == []  # the other leg: a new bout
    assert gate.admit(rep(6.0, "right")) == []  # after a break: a new bout again, the lone one before it dropped
    assert len(gate.admit(rep(6.5, "right"))) == 2
