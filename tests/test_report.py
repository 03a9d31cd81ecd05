import json

import pytest

from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.report import AnalysisReport, AngleSeries, NoPersonFound, analyze_video
from videos import write_video

REQUIRED_KEYS = {
    "video", "exercise", "model", "fps", "frames", "duration_s", "reps", "attempts", "holds", "rep_events",
    "issues_summary", "frames_without_person", "processing_fps",
}


def make_report(**overrides):
    reps = [
        RepRecord(1, 1.0, 1.8, 2.6, True, {"knee": 72.04, "hip": float("nan")}),
        RepRecord(2, 3.0, 3.7, 4.4, False, {"knee": 118.0}, (Issue("shallow", "Go a little lower.", 3.9),)),
        RepRecord(3, 5.0, 5.9, 6.6, True, {"knee": 70.0}, (Issue("torso_lean", "Keep your chest up.", 5.8),)),
    ]
    fields = dict(video="clip.mp4", exercise="squat", model="full", fps=30.0, frames=210, duration_s=7.0,
                  rep_events=reps, holds=[], frames_without_person=12, processing_fps=48.3)
    fields.update(overrides)
    return AnalysisReport(**fields)


def test_json_has_the_documented_keys_and_no_nan():
    data = json.loads(make_report().to_json())
    assert REQUIRED_KEYS <= set(data)
    assert data["reps"] == 2 and data["attempts"] == 1
    assert data["issues_summary"] == {"shallow": 1, "torso_lean": 1}
    first = data["rep_events"][0]
    assert set(first) == {"index", "start_s", "peak_s", "end_s", "counted", "side", "peak_hold_s", "angles", "issues"}
    assert first["angles"] == {"knee": 72.0, "hip": None}
    assert data["rep_events"][1]["issues"] == [{"code": "shallow", "message": "Go a little lower.", "at_s": 3.9}]


def test_csv_has_one_row_per_rep():
    rows = make_report().reps_csv().strip().splitlines()
    assert rows[0].startswith("index,counted,start_s")
    assert len(rows) == 4 and "shallow@3.9s" in rows[2]


def test_summary_text_for_reps_and_holds():
    text = make_report().summary_text()
    assert "reps counted: 2" in text and "attempts (not counted): 1" in text and "Go a little lower." in text
    hold = make_report(exercise="hip_flexor_stretch", rep_events=[], holds=[HoldRecord(1, "left", 1.0, 31.0, 30.0, 30.0)])
    assert "held 30.0 s (left)" in hold.summary_text()


def test_holds_are_reported_with_their_windows_per_side():
    holds = [HoldRecord(1, "left", 4.0, 18.0, 14.0, 30.0), HoldRecord(2, "left", 25.5, 41.5, 16.0, 30.0),
             HoldRecord(3, "right", 50.0, 80.0, 30.0, 30.0)]
    report = make_report(exercise="pigeon_pose", rep_events=[], holds=holds)
    assert "held 30.0 s (left): 4.0-18.0 s, 25.5-41.5 s" in report.summary_text()
    assert "held 30.0 s (right): 50.0-80.0 s" in report.summary_text()
    data = json.loads(report.to_json())
    assert data["held_by_side_s"] == {"left": 30.0, "right": 30.0}
    assert data["hold_windows_s"] == {"left": [[4.0, 18.0], [25.5, 41.5]], "right": [[50.0, 80.0]]}


def test_series_is_decimated_for_long_videos():
    series = AngleSeries()
    for index in range(30 * 60):  # one minute at 30 fps
        series.add(index / 30, "knee angle", 150.0)
    assert 590 <= len(series.times_s) <= 610


@pytest.mark.model
def test_video_without_anyone_raises_no_person_found(tmp_path):
    with pytest.raises(NoPersonFound):
        analyze_video(write_video(tmp_path / "empty_room.mp4", 30), "squat", "lite")


def test_per_side_counts_in_json_summary_and_csv():
    reps = [
        RepRecord(1, 1.0, 1.8, 2.6, True, {}, side="left"),
        RepRecord(2, 3.0, 3.7, 4.4, True, {}, side="right"),
        RepRecord(3, 5.0, 5.9, 6.6, True, {}, side="left"),
        RepRecord(4, 7.0, 7.5, 8.0, False, {}, (Issue("low_reach", "Reach further.", 7.5),), side="right"),
    ]
    report = make_report(exercise="bird_dog", rep_events=reps)
    assert json.loads(report.to_json())["reps_by_side"] == {"left": 2, "right": 1}
    assert "reps counted: 3 (left 2, right 1)" in report.summary_text()
    assert report.reps_csv().splitlines()[1].split(",")[-2] == "left"
    assert make_report().reps_by_side() == {}  # squat: no sides


def test_time_whose_side_was_not_seen_is_reported_as_untold_with_what_it_means():
    """A stretch with sides timed from a view that cannot tell them: no side, keyed "untold", and the user is told
    the time counts toward both sides and when to switch."""
    holds = [HoldRecord(1, None, 2.2, 9.3, 7.1, 60.0), HoldRecord(2, None, 12.5, 19.9, 7.4, 60.0)]
    report = make_report(exercise="figure_four_stretch", rep_events=[], holds=holds)
    data = json.loads(report.to_json())
    assert data["held_by_side_s"] == {"untold": 14.5}
    assert data["hold_windows_s"] == {"untold": [[2.2, 9.3], [12.5, 19.9]]}
    text = report.summary_text()
    assert "held 14.5 s (side not seen): 2.2-9.3 s, 12.5-19.9 s" in text
    assert "counts toward both sides, 60 s in all. Switch sides at 30 s." in text
    assert report.holds_csv().splitlines()[1].startswith("1,untold,2.20,9.30,7.10,60,")
    no_sides = make_report(exercise="happy_baby", rep_events=[], holds=[HoldRecord(1, None, 1.0, 31.0, 30.0, 30.0)])
    assert json.loads(no_sides.to_json())["held_by_side_s"] == {"hold": 30.0} and "not seen" not in no_sides.summary_text()


def test_a_stretch_writes_one_csv_row_per_hold_window():
    holds = [HoldRecord(1, "left", 4.0, 18.0, 14.0, 30.0, (Issue("hips_not_square", "Square your hips.", 9.5),)),
             HoldRecord(2, "right", 50.0, 80.0, 30.0, 30.0)]
    report = make_report(exercise="pigeon_pose", rep_events=[], holds=holds)
    rows = report.table_csv().strip().splitlines()
    assert rows == [
        "index,side,start_s,end_s,held_s,target_s,issues",
        "1,left,4.00,18.00,14.00,30,hips_not_square@9.5s",
        "2,right,50.00,80.00,30.00,30,",
    ]
    assert make_report().table_csv() == make_report().reps_csv()  # a rep exercise keeps its rep table
