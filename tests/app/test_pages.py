"""Page logic with Streamlit's AppTest (no browser): exercise choice, uploads, examples, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.exercises import all_exercises
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
    exercise = all_exercises()[picker.value]
    assert at.title[0].value == f"Live coach: {exercise.title}"
    text = markdown_text(at)
    assert exercise.how_to in text and exercise.target in text
    assert f"**Safety:** {exercise.safety}" in text
    assert "stop if it hurts" in exercise.safety.lower() and "pain persists" in exercise.safety
    if exercise.kind == "reps":
        assert 'data-testid="pc-reps"' in text and "0 / 10" in text
    else:  # the first exercise by name can be a stretch: its timer starts at zero
        assert 'data-testid="pc-held-' in text and ">0 s<" in text


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
            assert f'data-testid="pc-held-{side}" data-value="0 s"' in text and target in text
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
    assert coach._fallback_factory is not None  # auto: lite stands by
    model.set_value("lite").run()
    assert not at.exception and at.session_state["live_coach"] is coach and coach._fallback_factory is None


def test_a_file_that_is_not_a_video_gets_a_clear_message():
    at = page("video_page").run()
    assert "up to" in at.file_uploader[0].label.lower() and "MB" in at.file_uploader[0].label
    at.file_uploader[0].set_value(("notes.mp4", b"this is not a video" * 100, "video/mp4")).run()
    at.button(key="analyse_upload").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "notes.mp4" in at.error[0].value and "not a video" in at.error[0].value
    assert "video_result" not in at.session_state
    assert History(Path(History(None).path)).sessions() == []  # nothing saved


def test_a_file_with_another_extension_is_refused_with_a_clear_message():
    at = page("video_page").run()
    at.file_uploader[0].set_value(("holiday.pdf", b"%PDF-1.4", "application/pdf")).run()
    assert not at.exception
    assert len(at.error) == 1 and "holiday.pdf is not a video file" in at.error[0].value and "mp4" in at.error[0].value
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
    example_buttons = {button.key: button for button in at.button if button.key and button.key.startswith("sample_")}
    assert sorted(example_buttons) == ["sample_bad_truth", "sample_no_truth", "sample_squat_side_demo"]
    demo = example_buttons["sample_squat_side_demo"]
    assert "(2 reps)" in demo.label and "torso lean on rep 2" in demo.help
    demo.click().run()
    assert not at.exception
    assert calls == [("squat_side_demo.mp4", "squat")]
    text = markdown_text(at)
    assert 'data-testid="pc-video-reps" data-value="2"' in text and 'data-value="1"' in text
    table = at.dataframe[0].value
    assert list(table["Counted"]) == ["rep", "rep", "attempt"]
    assert table["Issues"][1] == "Keep your chest up."
    assert {button.label for button in at.get("download_button")} >= {"Report (.json)", "Reps (.csv)"}
    [saved] = History(None).sessions()
    assert (saved.source, saved.label, saved.reps, saved.attempts, saved.video_path) == ("video", "squat_side_demo.mp4", 2, 1, None)

    at.selectbox[0].select("glute_bridge").run()
    at.button(key="sample_no_truth").click().run()
    assert calls[-1] == ("no_truth.mp4", "glute_bridge")


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


def test_a_hold_video_shows_its_holds(monkeypatch: pytest.MonkeyPatch, isolated: Path):
    samples = isolated / "samples"
    write_video(samples / "stretch_demo.mp4", frames=5)
    (samples / "stretch_demo.truth.json").write_text(json.dumps({"exercise": "hip_flexor_stretch"}))
    holds = [
        HoldRecord(1, "left", 2.0, 33.0, 30.5, 30.0),
        HoldRecord(2, "right", 40.0, 60.0, 18.0, 30.0, (Issue("trunk_lean", "Keep your trunk upright.", 45.0),) * 2),
    ]

    def analyze(path, exercise, variant, on_frame=None, progress=None):  # type: ignore[no-untyped-def]
        return AnalysisReport(str(path), exercise.name, "full", 30.0, 1800, 60.0, [], holds, 0, 40.0, AngleSeries())

    monkeypatch.setattr("posecoach.app.video_page.analyze_video", analyze)
    at = page("video_page").run()
    at.button(key="sample_stretch_demo").click().run()
    assert not at.exception
    text = markdown_text(at)
    assert 'data-testid="pc-video-held-left" data-value="30 s"' in text
    assert 'data-testid="pc-video-held-right" data-value="18 s"' in text
    table = at.dataframe[0].value
    assert list(table["Side"]) == ["left", "right"] and list(table["Done"]) == ["yes", "no"]
    assert table["Issues"][1] == "Keep your trunk upright."
    [saved] = History(None).sessions()
    assert saved.held_s == pytest.approx(48.5)


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


def test_the_history_database_can_be_changed_on_the_page(isolated: Path):
    other = isolated / "elsewhere" / "mine.db"
    at = page("history_page").run()
    at.text_input(key="settings_db_input").set_value(str(other)).run()
    at.button(key="settings_db_apply").click().run()
    assert not at.exception
    assert at.session_state["settings_db_path"] == str(other)
    assert other.is_file()


def test_the_live_panel_shows_guidance_large_and_counts_nothing():
    """A coach that has seen two people: the page shows why nothing is counted, in the guidance style."""
    from fractions import Fraction

    import av
    import numpy as np

    from posecoach.exercises import get_exercise
    from posecoach.live import LiveCoach
    from posecoach.pose import PoseResult
    from synthetic import make_pose, squat_side_points

    class TwoPeople:
        def estimate(self, frame):  # type: ignore[no-untyped-def]
            return PoseResult((make_pose(squat_side_points(178.0)),), people=2)

        def close(self) -> None:
            pass

    coach = LiveCoach(get_exercise("squat"), estimator_factory=TwoPeople)
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
