"""Page logic with Streamlit's AppTest (no browser): exercise choice, uploads, examples, history."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.exercises import all_exercises
from posecoach.exercises.base import Sides
from posecoach.history import DB_ENV, History
from posecoach.report import AngleSeries, AnalysisReport
from videos import write_video

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
TIMEOUT_S = 60


def page(name: str) -> AppTest:
    return AppTest.from_string(f"from posecoach.app import {name}\n{name}.render()\n", default_timeout=TIMEOUT_S)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own history database and an empty examples folder."""
    monkeypatch.setenv(DB_ENV, str(tmp_path / "history.db"))
    samples = tmp_path / "samples"
    samples.mkdir()
    monkeypatch.setenv("POSECOACH_SAMPLES", str(samples))
    return tmp_path


def markdown_text(at: AppTest) -> str:
    return "\n".join(str(element.value) for element in at.markdown)


def test_the_app_opens_on_the_live_coach_with_every_exercise():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    assert not at.exception
    picker = at.sidebar.selectbox[0]
    assert picker.label == "Exercise"
    assert list(picker.options) == [exercise.title for exercise in all_exercises().values()]
    assert picker.value == "squat"  # the most common exercise, whatever sorts first
    exercise = all_exercises()[picker.value]
    assert at.title[0].value == f"Live coach: {exercise.title}"
    text = markdown_text(at)
    assert exercise.how_to in text and exercise.target in text
    assert f"**Safety:** {exercise.safety}" in text
    assert "stop if it hurts" in exercise.safety.lower() and "pain persists" in exercise.safety
    assert 'data-testid="pc-reps" data-value="0 / 10"' in text


@pytest.mark.parametrize("name", list(all_exercises()))
def test_choosing_an_exercise_shows_its_how_to_view_and_set_controls(name: str):
    exercise = all_exercises()[name]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    at.sidebar.selectbox[0].select(name).run()
    assert not at.exception
    assert at.title[0].value == f"Live coach: {exercise.title}"
    text = markdown_text(at)
    assert exercise.how_to in text
    for view in exercise.views:
        assert view.value in text
    labels = [widget.label for widget in at.sidebar.number_input]
    assert ("Reps per set" in labels) == (exercise.kind == "reps")
    assert "Sets" in labels and "Rest between sets (s)" in labels
    assert at.sidebar.toggle[0].label == "Speak cues aloud" and at.sidebar.toggle[0].value is False
    if exercise.kind == "hold":  # one timer per side against the exercise's target, before anything is held
        target = f"Target {exercise.target_s.value:.0f} s"
        sides = ["left", "right"] if exercise.side_of is not None else ["hold"]
        for side in sides:
            assert f'data-testid="pc-held-{side}" data-value="0 / {exercise.target_s.value:.0f} s"' in text and target in text
    elif exercise.sides in (Sides.BLOCKED, Sides.ALTERNATING):  # a counter per side
        for side in ("left", "right"):
            assert f'data-testid="pc-reps-{side}" data-value="0 / 10"' in text
    else:
        assert 'data-testid="pc-reps" data-value="0 / 10"' in text


def test_the_set_controls_reach_the_coach():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    at.sidebar.number_input(key="plan_sets").set_value(4).run()
    coach = at.session_state["live_coach"]
    assert coach.plan.sets == 4
    assert "1 of 4" in markdown_text(at)
    at.button[2].click().run()  # Reset
    assert not at.exception


def test_the_pose_model_starts_on_auto_and_a_choice_reaches_the_coach():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    model = at.sidebar.radio(key="live_model")
    assert list(model.options) == ["auto", "full", "lite"] and model.value == "auto"
    coach = at.session_state["live_coach"]
    assert coach._models._fallback is not None  # auto: lite stands by
    model.set_value("lite").run()
    assert not at.exception and at.session_state["live_coach"] is coach and coach._models._fallback is None


def test_a_file_that_is_not_a_video_gets_a_clear_message():
    at = page("video_page").run()
    assert "up to" in at.file_uploader[0].label.lower() and "MB" in at.file_uploader[0].label
    at.file_uploader[0].set_value(("notes.mp4", b"this is not a video" * 100, "video/mp4")).run()
    at.button(key="analyse_upload").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "notes.mp4" in at.error[0].value and "not a video" in at.error[0].value
    assert "video_result" not in at.session_state
    assert History(Path(History(None).path)).sessions() == []  # nothing saved


def _cut_mp4(path: Path) -> bytes:
    data = write_video(path, 30).read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("notes.mp4", lambda d: b"this is not a video" * 100, "Cannot"),
        ("empty.mov", lambda d: b"", "Cannot"),
        ("holiday photo.mp4", lambda d: (REPO / "docs" / "images" / "squat_side_clean.jpg").read_bytes(), "is a JPEG photo, not a video"),
        ("cut short.mp4", lambda d: _cut_mp4(d / "cut.mp4"), "Cannot"),
        ("**bold** [link](http://example.org) :red[x] $y$ `z`.mp4", lambda d: b"junk" * 100, "Cannot"),
    ],
)
def test_bad_uploads_get_one_message_with_the_users_file_name_and_leave_no_file(isolated: Path, name: str, make, message: str):
    from posecoach.app.text import literal

    at = page("video_page").run()
    at.file_uploader[0].set_value((name, make(isolated), "video/mp4")).run()
    at.button(key="analyse_upload").click().run()
    assert not at.exception
    [error] = at.error
    assert literal(name) in error.value and message in error.value
    assert "upload" not in error.value.replace(name, "") and str(tempfile.gettempdir()) not in error.value
    assert "video_result" not in at.session_state
    assert not [path for path in at.session_state["posecoach_workspace"].path.rglob("*") if path.is_file()]


def test_literal_keeps_markdown_and_backticks_inert():
    from posecoach.app.text import literal

    assert literal("a.mp4") == "`a.mp4`"
    assert literal("x `y` z") == "``x `y` z``"
    assert literal("`start") == "`` `start ``"
    assert literal("two\nlines") == "`two lines`"


def test_a_file_with_another_extension_is_refused_with_a_clear_message():
    at = page("video_page").run()
    at.file_uploader[0].set_value(("holiday.pdf", b"%PDF-1.4", "application/pdf")).run()
    assert not at.exception
    assert len(at.error) == 1 and "`holiday.pdf` is not a video file" in at.error[0].value and "mp4" in at.error[0].value
    assert not [button for button in at.button if button.key == "analyse_upload"]


@pytest.mark.model
def test_a_video_without_anyone_in_it_says_so(isolated: Path):
    clip = write_video(isolated / "empty.mp4", frames=20)
    at = page("video_page").run()
    at.file_uploader[0].set_value(("empty.mp4", clip.read_bytes(), "video/mp4")).run()
    at.button(key="analyse_upload").click().run()
    assert not at.exception
    assert "Nobody was found" in at.error[0].value


def fake_report(path: str, exercise: str = "squat") -> AnalysisReport:
    reps = [
        RepRecord(1, 1.0, 1.8, 2.6, True, {"knee": 68.0}),
        RepRecord(2, 3.0, 3.8, 4.6, True, {"knee": 74.0}, (Issue("torso_lean", "Keep your chest up.", 3.9),)),
        RepRecord(3, 5.0, 5.6, 6.2, False, {"knee": 120.0}, (Issue("shallow", "Go a little lower.", 5.6),)),
    ]
    series = AngleSeries("knee angle", "deg", [i / 10 for i in range(70)], [170.0 - (i % 25) * 4 for i in range(70)])
    return AnalysisReport(path, exercise, "full", 30.0, 210, 7.0, reps, [], 0, 40.0, series)


def test_every_example_clip_is_offered_and_one_click_shows_the_report(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    samples = isolated / "samples"
    write_video(samples / "squat_side_demo.mp4", frames=5)
    (samples / "squat_side_demo.truth.json").write_text(
        json.dumps({"exercise": "squat", "expected": {"reps": 2, "faults": {"torso_lean": [2]}}})
    )
    write_video(samples / "no_truth.mp4", frames=5)  # no truth file: offered, analysed as the exercise picked
    write_video(samples / "bad_truth.mp4", frames=5)
    (samples / "bad_truth.truth.json").write_text(json.dumps({"exercise": "juggling"}))
    (samples / "orphan.truth.json").write_text(json.dumps({"exercise": "squat"}))  # no video: nothing to offer

    calls: list[tuple[str, str]] = []

    def analyze(path, exercise, variant, on_frame=None, progress=None):  # type: ignore[no-untyped-def]
        calls.append((Path(path).name, exercise.name))
        if progress:
            progress(210, 210)
        return fake_report(str(path), exercise.name)

    monkeypatch.setattr("posecoach.app.video_page.analyze_video", analyze)
    at = page("video_page").run()
    picker = at.selectbox(key="video_sample")
    assert sorted(picker.options) == ["bad truth", "no truth", "squat side demo (2 reps)"]
    assert not [button for button in at.button if button.key and button.key.startswith("sample_")]  # one compact picker
    picker.select("squat_side_demo").run()
    assert any("torso lean on rep 2" in caption.value for caption in at.caption)
    at.button(key="analyse_sample").click().run()
    assert not at.exception
    assert calls == [("squat_side_demo.mp4", "squat")]
    text = markdown_text(at)
    assert 'data-testid="pc-video-reps" data-value="2"' in text and 'data-value="1"' in text
    table = at.dataframe[0].value
    assert list(table["Counted"]) == ["rep", "rep", "attempt"]
    assert table["Issues"][1] == "Keep your chest up."
    assert list(table.columns) == ["#", "Counted", "Start (s)", "End (s)", "Knee (°)", "Issues"]  # side view: no knee width
    assert {button.label for button in at.get("download_button")} >= {"Report (.json)", "Reps (.csv)"}
    assert at.session_state["video_result"].report.video == "squat_side_demo.mp4"  # the JSON names the file, no server path
    [saved] = History(None).sessions()
    assert (saved.source, saved.label, saved.reps, saved.attempts, saved.video_path) == ("video", "squat_side_demo.mp4", 2, 1, None)

    at.selectbox[0].select("glute_bridge").run()
    at.selectbox(key="video_sample").select("no_truth").run()
    at.button(key="analyse_sample").click().run()
    assert calls[-1] == ("no_truth.mp4", "glute_bridge")


def test_an_example_clips_truth_is_read_once_per_version_of_the_file(isolated: Path):
    import os

    from posecoach.app.video_page import find_samples

    samples = isolated / "samples"
    write_video(samples / "bridge_demo.mp4", frames=5)
    truth = samples / "bridge_demo.truth.json"
    truth.write_text(json.dumps({"exercise": "glute_bridge", "expected": {"reps": 3, "faults": {"no_hold": [1]}}}))
    [first] = find_samples(samples)
    assert (first.exercise.name, first.expected_reps, first.faults) == ("glute_bridge", 3, {"no_hold": [1]})
    first.faults["no_hold"].append(9)  # a caller's change stays its own
    assert find_samples(samples)[0].faults == {"no_hold": [1]}
    truth.write_text(json.dumps({"exercise": "squat", "expected": {"reps": 5, "faults": {}}}))
    os.utime(truth, ns=(truth.stat().st_atime_ns, truth.stat().st_mtime_ns + 10**9))
    [again] = find_samples(samples)
    assert (again.exercise.name, again.expected_reps, again.faults) == ("squat", 5, {})


def test_the_rep_table_shows_only_the_readings_of_the_clips_view_with_units():
    from posecoach.app.video_page import rep_table
    from posecoach.exercises import get_exercise

    squat = get_exercise("squat")
    reps = [RepRecord(1, 1.0, 1.8, 2.6, True, {"knee": 68.0, "hip": 60.0, "trunk_from_vertical": 40.0,
                                               "knee_width_ratio": 0.81, "hip_height": 0.52})]
    side = AnalysisReport("a.mp4", "squat", "full", 30.0, 90, 3.0, reps, [], 0, 40.0, AngleSeries("knee angle", "deg", [0.0], [170.0]))
    front = replace(side, series=AngleSeries("hip height", "leg lengths", [0.0], [1.0]))
    assert list(rep_table(side, squat).columns) == [
        "#", "Counted", "Start (s)", "End (s)", "Knee (°)", "Hip (°)", "Trunk lean (° from vertical)", "Hip height (leg lengths)", "Issues"]
    table = rep_table(front, squat)
    assert list(table.columns) == ["#", "Counted", "Start (s)", "End (s)", "Knee width (× ankle width)", "Hip height (leg lengths)", "Issues"]
    assert table["Knee width (× ankle width)"][0] == 0.81


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [("my_squats.MP4", "squat"), ("bridge_side_low.mp4", "glute_bridge"), ("Glute-Bridge day 3.mov", "glute_bridge"),
     ("hip_flexor_stretch_side.mp4", "hip_flexor_stretch"), ("holiday.mp4", None), ("squat_then_bridge.mp4", None)],
)
def test_the_exercise_is_suggested_from_the_file_name(file_name: str, expected: str | None):
    from posecoach.app.video_page import suggest_exercise

    suggested = suggest_exercise(file_name)
    assert (suggested.name if suggested else None) == expected


def test_an_upload_preselects_the_exercise_its_name_suggests_once():
    at = page("video_page").run()
    at.selectbox[0].select("squat").run()
    assert at.selectbox[0].value == "squat"
    at.file_uploader[0].set_value(("bridge_monday.mp4", b"x" * 100, "video/mp4")).run()
    assert not at.exception
    assert at.selectbox[0].value == "glute_bridge"
    assert any("Suggested from the file name" in caption.value for caption in at.caption)
    at.selectbox[0].select("squat").run()  # the user overrides the suggestion: it stays overridden
    assert at.selectbox[0].value == "squat"


def _analysed_hold_sample(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, exercise_name: str, holds: list[HoldRecord], reading: str, duration_s: float
):
    """The video page after analysing a sample clip of ``exercise_name`` whose analysis found ``holds``."""
    samples = isolated / "samples"
    write_video(samples / "stretch_demo.mp4", frames=5)
    (samples / "stretch_demo.truth.json").write_text(json.dumps({"exercise": exercise_name}))
    series = AngleSeries()
    for index in range(int(duration_s * 10)):
        series.add(index / 10, reading, 90.0)

    def analyze(path, exercise, variant, on_frame=None, progress=None):  # type: ignore[no-untyped-def]
        return AnalysisReport(str(path), exercise.name, "full", 30.0, int(duration_s * 30), duration_s, [], holds, 0, 40.0, series)

    monkeypatch.setattr("posecoach.app.video_page.analyze_video", analyze)
    at = page("video_page").run()
    at.button(key="analyse_sample").click().run()
    assert not at.exception
    return at


def test_a_hold_video_shows_its_holds(monkeypatch: pytest.MonkeyPatch, isolated: Path):
    holds = [
        HoldRecord(1, "left", 2.0, 33.0, 30.5, 30.0),
        HoldRecord(2, "right", 40.0, 60.0, 18.0, 30.0, (Issue("trunk_lean", "Keep your trunk upright.", 45.0),) * 2),
    ]
    at = _analysed_hold_sample(monkeypatch, isolated, "hip_flexor_stretch", holds, "front_knee", 60.0)
    text = markdown_text(at)
    assert 'data-testid="pc-video-held-left" data-value="30 s"' in text
    assert 'data-testid="pc-video-held-right" data-value="18 s"' in text
    table = at.dataframe[0].value
    assert list(table["Side"]) == ["left", "right"] and list(table["Done"]) == ["yes", "no"]
    assert table["Issues"][1] == "Keep your trunk upright."
    assert list(table["Start (s)"]) == [2.0, 40.0] and list(table["End (s)"]) == [33.0, 60.0]
    assert "shaded: held, per side" in text
    [chart] = at.get("vega_lite_chart")
    [shading] = [layer for layer in json.loads(chart.proto.spec)["layer"] if layer["mark"]["type"] == "rect"]
    assert shading["encoding"]["color"]["scale"]["domain"] == ["left", "right"]  # the hold windows, by side
    assert "Holds (.csv)" in {button.label for button in at.get("download_button")}
    [saved] = History(None).sessions()
    assert saved.held_s == pytest.approx(48.5)


def test_a_hold_video_whose_side_was_not_seen_says_so(monkeypatch: pytest.MonkeyPatch, isolated: Path):
    holds = [HoldRecord(1, None, 2.2, 9.3, 7.1, 60.0), HoldRecord(2, None, 12.5, 19.9, 7.4, 60.0)]
    at = _analysed_hold_sample(monkeypatch, isolated, "figure_four_stretch", holds, "support_thigh_rise", 21.4)
    text = markdown_text(at)
    assert 'data-testid="pc-video-held-untold" data-value="14 s"' in text and "Held (side not seen)" in text
    assert any("counts toward both sides" in str(caption.value) for caption in at.caption)
    assert list(at.dataframe[0].value["Side"]) == ["side not seen"] * 2
    [chart] = at.get("vega_lite_chart")
    [shading] = [layer for layer in json.loads(chart.proto.spec)["layer"] if layer["mark"]["type"] == "rect"]
    assert shading["encoding"]["color"]["scale"]["domain"] == ["side not seen"]


def test_history_page_when_empty():
    at = page("history_page").run()
    assert not at.exception
    assert "Nothing here yet" in at.info[0].value


def test_history_page_lists_sessions_charts_and_exports():
    store = History(None)
    for set_number, knee in ((1, 70.0), (2, 66.0)):
        session = store.start_session("live", "squat", set_number=set_number)
        store.add_rep(session, RepRecord(1, 1, 2, 3, True, {"knee": knee}))
        store.add_rep(session, RepRecord(2, 4, 5, 6, True, {"knee": knee}, (Issue("torso_lean", "Chest up.", 5.0),)))
        store.end_session(session)
    at = page("history_page").run()
    assert not at.exception
    sessions = at.dataframe[0].value
    assert list(sessions["Reps"]) == [2, 2] and list(sessions["Set"]) == [2, 1]
    assert len(at.get("vega_lite_chart")) >= 3  # reps per day, issue share, range of motion
    assert {button.label for button in at.get("download_button")} == {"Sessions (.csv)", "All reps (.csv)"}
    reps = at.dataframe[1].value
    assert list(reps["Issues"]) == ["good form", "Chest up. (5.0 s)"]


def test_the_history_page_shows_the_bouts_of_rope_jumps():
    store = History(None)
    session = store.start_session("live", "jump_rope", set_number=1)
    for i in range(1, 11):
        store.add_rep(session, RepRecord(i, 0.5 * i, 0.5 * i + 0.2, 0.5 * i + 0.4, True, {}))
    at = page("history_page").run()
    assert not at.exception
    assert list(at.dataframe[0].value["At it"]) == ["Time jumping 0:05 · 120 per minute · 0 breaks"]


def test_the_history_page_shows_held_seconds_per_side_and_a_side_not_seen_as_such():
    store = History(None)
    told = store.start_session("live", "figure_four_stretch", set_number=1, started_at=1.0)
    store.add_hold(told, HoldRecord(1, "left", 2.0, 33.0, 31.0, 30.0))
    store.add_hold(told, HoldRecord(2, "right", 40.0, 70.0, 30.0, 30.0))
    untold = store.start_session("video", "figure_four_stretch", label="side_on.mp4", started_at=2.0)
    store.add_hold(untold, HoldRecord(1, None, 2.2, 9.3, 7.1, 60.0))
    at = page("history_page").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Held"]) == ["side not seen 7 s", "left 31 s, right 30 s"]
    assert "**Held:** side not seen 7 s (target 30 s each side)" in markdown_text(at)
    assert list(at.dataframe[1].value["Side"]) == ["side not seen"]


def test_the_history_page_takes_no_path_and_names_whose_history_it_is():
    at = page("history_page").run()
    assert not at.exception
    assert not at.text_input and not at.text_area  # where the history lives is the operator's setting
    assert any("stored on this computer" in caption.value for caption in at.caption)


def test_a_kept_video_and_stopped_sets_and_faulty_attempts_on_the_history_page(isolated: Path):
    store = History(None)
    live = store.start_session("live", "squat", set_number=1)
    store.add_rep(live, RepRecord(1, 1, 2, 3, True, {"knee": 70.0}))
    store.add_rep(live, RepRecord(2, 4, 5, 6, False, {"knee": 120.0}, (Issue("shallow", "Go lower.", 5.0),)))
    video = store.start_session("video", "squat", label="mine.mp4", started_at=1.0)
    store.add_rep(video, RepRecord(1, 1, 2, 3, True, {"knee": 70.0}))
    store.end_session(video)
    (isolated / "annotated.webm").write_bytes(b"\x1a\x45\xdf\xa3 not really a video")
    store.keep_video(video, isolated / "annotated.webm")
    at = page("history_page").run()
    assert not at.exception
    sessions = at.dataframe[0].value
    assert list(sessions["Ended"])[0] == "stopped" and list(sessions["With issues"]) == [1, 0]
    assert list(sessions["Video kept"]) == ["", "yes"]
    at.selectbox(key="history_session").select(video).run()
    assert len(at.get("video")) == 1


def test_a_history_file_that_is_not_a_database_is_one_message_on_every_page(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    (isolated / "history.db").write_text("this is a text file, not a database\n" * 50)
    at = page("history_page").run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        "History can't be shown: the history file is damaged or is not a posecoach history; coaching continues."]
    assert str(isolated) not in at.error[0].value

    samples = isolated / "samples"
    write_video(samples / "squat_demo.mp4", frames=5)
    (samples / "squat_demo.truth.json").write_text(json.dumps({"exercise": "squat"}))
    monkeypatch.setattr("posecoach.app.video_page.analyze_video",
                        lambda path, exercise, variant, on_frame=None, progress=None: fake_report(str(path)))
    at = page("video_page").run()
    at.button(key="analyse_sample").click().run()
    assert not at.exception
    assert 'data-testid="pc-video-reps" data-value="2"' in markdown_text(at)  # the results are all there
    assert [warning.value for warning in at.warning] == [
        "History can't be saved: the history file is damaged or is not a posecoach history; coaching continues."]


def test_served_to_other_machines_without_login_history_is_per_browser_session(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("posecoach.app.state.bound_to_loopback", lambda: False)
    samples = isolated / "samples"
    write_video(samples / "squat_demo.mp4", frames=5)
    (samples / "squat_demo.truth.json").write_text(json.dumps({"exercise": "squat"}))
    monkeypatch.setattr("posecoach.app.video_page.analyze_video",
                        lambda path, exercise, variant, on_frame=None, progress=None: fake_report(str(path)))
    shared = History(None)
    shared.add_rep(shared.start_session("live", "squat", set_number=1), RepRecord(1, 1, 2, 3, True, {"knee": 70.0}))

    visitor = AppTest.from_string(
        "from posecoach.app import history_page, video_page\nimport streamlit as st\n"
        "(video_page if st.session_state.get('page') == 'video' else history_page).render()\n",
        default_timeout=TIMEOUT_S,
    )
    visitor.session_state["page"] = "video"
    visitor.run()
    visitor.button(key="analyse_sample").click().run()
    assert not visitor.exception
    visitor.session_state["page"] = "history"
    visitor.run()
    assert any("this visit only" in caption.value for caption in visitor.caption)
    [mine] = visitor.dataframe[0].value["Source"]  # the visitor's own analysis, not the server owner's live set
    assert mine == "video: squat_demo.mp4"
    assert [row.source for row in shared.sessions()] == ["live"]  # nothing written into the operator's file
    folder = visitor.session_state["posecoach_workspace"].path
    assert {path.name.split("-")[0] for path in folder.rglob("*")} == {"history.db"}  # no upload, no annotated video
    visitor.session_state["posecoach_workspace"].remove()
    assert not folder.exists()


def test_the_live_panel_shows_guidance_large_and_counts_nothing():
    """A coach that has seen two people: the page shows why nothing is counted, in the guidance style."""
    from fractions import Fraction

    import av
    import numpy as np

    from posecoach.exercises import get_exercise
    from posecoach.live import LiveCoach
    from posecoach.live_models import ModelSwitcher
    from posecoach.pose import PoseResult
    from synthetic import make_pose, squat_side_points

    class TwoPeople:
        def estimate(self, frame):  # type: ignore[no-untyped-def]
            return PoseResult((make_pose(squat_side_points(178.0)),), people=2)

        def close(self) -> None:
            pass

    # A stopped clock: the page reads the coach as streaming however long this busy machine takes to draw it.
    coach = LiveCoach(get_exercise("squat"), models=ModelSwitcher(TwoPeople, background=False), wall_clock=lambda: 1000.0)
    for index in range(30):
        frame = av.VideoFrame.from_ndarray(np.full((480, 640, 3), 120, np.uint8), format="bgr24")
        frame.pts, frame.time_base = index * 3000, Fraction(1, 90_000)
        coach.process(frame)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["live_coach"] = coach
    at.session_state["Exercise_picker"] = "squat"
    at.run()
    assert not at.exception
    text = markdown_text(at)
    assert 'class="pc-guide" data-testid="pc-guidance">Several people in view' in text
    assert 'data-testid="pc-reps" data-value="0 / 10"' in text
    assert any("frames/s analysed" in caption.value for caption in at.caption)
