"""The ground-truth regression suite: the real pipeline on every rendered clip in sample_videos/,
compared with the truth file the renderer wrote beside it (see tools/render/)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from posecoach.events import EventKind
from posecoach.report import AnalysisReport, NoPersonFound, analyze_video

SAMPLES = Path(__file__).resolve().parent.parent / "sample_videos"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))
HOLD_TOLERANCE_S = 1.0

pytestmark = pytest.mark.model


@cache
def truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text())


@cache
def analysis(name: str) -> tuple[AnalysisReport | None, tuple]:
    """The report and every live event, analysed once per test session."""
    events: list = []
    exercise = truth(name)["exercise"] or "squat"
    try:
        report = analyze_video(SAMPLES / f"{name}.mp4", exercise, "full", on_frame=lambda result, frame: events.extend(result.events))
    except NoPersonFound:
        report = None
    return report, tuple(events)


CLIPS = [path.name.removesuffix(".truth.json") for path in TRUTHS]
REP_CLIPS = [name for name in CLIPS if truth(name)["reps"]]
HOLD_CLIPS = [name for name in CLIPS if truth(name).get("holds")]


def test_the_sample_set_is_complete():
    assert len(CLIPS) >= 15, "sample_videos/ should hold the rendered clips with their truth files"
    for name in CLIPS:
        assert (SAMPLES / f"{name}.mp4").is_file()
    assert sum(p.stat().st_size for p in SAMPLES.iterdir()) < 48 * 2**20


@pytest.mark.parametrize("name", REP_CLIPS)
def test_rep_count_and_attempts_are_exact(name):
    report, _ = analysis(name)
    expected = truth(name)["expected"]
    assert report is not None
    assert (report.reps, report.attempts) == (expected["reps"], expected["attempts"]), report.summary_text()


@pytest.mark.parametrize("name", REP_CLIPS)
def test_injected_faults_are_flagged_on_their_reps_and_nowhere_else(name):
    report, _ = analysis(name)
    expected_faults: dict[str, list[int]] = truth(name)["expected"]["faults"]
    flagged = {(issue.code, rep.index) for rep in report.rep_events for issue in rep.issues}
    wanted = {(code, index) for code, indices in expected_faults.items() for index in indices}
    assert wanted <= flagged, f"missed: {sorted(wanted - flagged)}"
    assert flagged <= wanted, f"false alarms: {sorted(flagged - wanted)}"


@pytest.mark.parametrize("name", HOLD_CLIPS)
def test_holds_are_timed_within_a_second_per_side(name):
    report, _ = analysis(name)
    expected = {hold["side"]: hold["held_s"] for hold in truth(name)["holds"]}
    measured = report.held_by_side()
    assert set(measured) == set(expected)
    for side, held_s in expected.items():
        assert measured[side] == pytest.approx(held_s, abs=HOLD_TOLERANCE_S), side


@pytest.mark.parametrize("name", [n for n in CLIPS if truth(n).get("person_in_view") is not None])
def test_no_feedback_while_nobody_is_in_view(name):
    report, events = analysis(name)
    visible = truth(name)["person_in_view"]
    settle_s = 0.5  # a cue raised just before someone steps out may land on the edge

    def away(t: float) -> bool:
        return not any(start - settle_s <= t <= end + settle_s for start, end in visible)

    feedback = [e for e in events if e.kind is not EventKind.GUIDANCE and away(e.at_s)]
    assert not feedback, feedback
    if not visible:
        assert report is None or (report.reps, report.attempts) == (0, 0)
