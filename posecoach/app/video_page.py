"""The recorded-video page: upload a clip (or pick an example), get the same report as ``posecoach analyze``."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from posecoach.app import charts, widgets
from posecoach.app.config import db_path, max_upload_mb, samples_dir
from posecoach.app.state import history
from posecoach.exercises import Exercise, UnknownExercise, all_exercises, get_exercise
from posecoach.overlay import CoachOverlay
from posecoach.pose import ModelError
from posecoach.report import AnalysisReport, analyze_video
from posecoach.sources import SourceError, VideoFileSource
from posecoach.video_out import VideoWriter

RESULT_KEY = "video_result"  # session_state: the last analysis shown on this page
WORKDIR_KEY = "video_workdir"  # session_state: this tab's temporary folder for uploads and annotated videos
VIDEO_TYPES = ["mp4", "mov", "m4v", "avi", "mkv", "webm"]
SUGGESTED_KEY = "video_suggested_for"  # session_state: the upload whose name last chose the exercise
KEPT_VIDEOS = "videos"  # next to the history database, for videos the user chose to keep


@dataclass(frozen=True)
class Sample:
    path: Path
    exercise: Exercise | None  # None: the clip's truth names no exercise (e.g. an empty room): use the one picked
    expected_reps: int | None
    faults: dict[str, list[int]]  # fault code -> the reps that show it, from the clip's truth file

    @property
    def label(self) -> str:
        return self.path.stem.replace("_", " ")

    @property
    def button_text(self) -> str:
        known_reps = self.exercise is not None and self.exercise.kind == "reps" and self.expected_reps is not None
        return f"▶ {self.label}" + (f" ({self.expected_reps} reps)" if known_reps else "")

    @property
    def description(self) -> str:
        what = f"{self.exercise.title}, rendered example clip" if self.exercise else "Rendered example clip, no exercise in it"
        faults = "; ".join(f"{code.replace('_', ' ')} on rep {', '.join(map(str, reps))}" for code, reps in self.faults.items() if reps)
        return what + (f". Built-in faults: {faults}." if faults else ".")


@dataclass(frozen=True)
class VideoResult:
    label: str  # the file name shown to the user
    report: AnalysisReport
    annotated: Path  # .webm
    session_id: int | None
    kept: bool = False  # the annotated video was copied into the history


def find_samples(folder: Path) -> list[Sample]:
    """Every ``*.mp4`` in the folder, with what its ``*.truth.json`` says (exercise, reps, faults) when there is one."""
    samples = []
    for video in sorted(folder.glob("*.mp4")):
        try:
            data = json.loads(video.with_name(video.stem + ".truth.json").read_text())
        except (OSError, ValueError):
            data = {}
        data = data if isinstance(data, dict) else {}
        try:
            exercise: Exercise | None = get_exercise(str(data["exercise"]))
        except (KeyError, UnknownExercise):
            exercise = None
        expected = data.get("expected") if isinstance(data.get("expected"), dict) else {}
        reps = expected.get("reps")
        faults = expected.get("faults") if isinstance(expected.get("faults"), dict) else {}
        samples.append(Sample(video, exercise, reps if isinstance(reps, int) else None,
                              {str(code): list(on) for code, on in faults.items() if isinstance(on, list)}))
    return samples


def suggest_exercise(file_name: str) -> Exercise | None:
    """The exercise a file's name points to ("my_squats.mp4" -> squat), if exactly one matches."""
    words = [word for word in re.split(r"[^a-z]+", Path(file_name).stem.lower()) if word]
    scores: dict[str, int] = {}
    for name, exercise in all_exercises().items():
        keywords = {word for word in re.split(r"[^a-z]+", f"{name} {exercise.title}".lower()) if len(word) >= 4}
        scores[name] = sum(any(word.startswith(keyword) for word in words) for keyword in keywords)
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best]
    return all_exercises()[winners[0]] if best > 0 and len(winners) == 1 else None


def render() -> None:
    widgets.page_style()
    st.title("Check a recorded video")
    st.write("Film yourself with your phone or laptop, then upload the clip: you get the same count, cues and report as live.")
    # No type filter in the widget: it would reject other files with a tiny icon; a clear message is better.
    upload = st.file_uploader(
        f"Upload a video (up to {max_upload_mb()} MB; {', '.join(VIDEO_TYPES)})", key="video_upload"
    )
    if upload is not None and Path(upload.name).suffix.lower().lstrip(".") not in VIDEO_TYPES:
        st.error(f"{upload.name} is not a video file this page can read: use one of {', '.join(VIDEO_TYPES)}.")
        upload = None
    suggested = _suggest_for(upload)
    exercise = widgets.exercise_picker()
    if suggested is not None and suggested.name == exercise.name:
        st.caption(f"Suggested from the file name: {exercise.title}. Pick another exercise if that is wrong.")
    with st.expander("How to do it, and how to film it"):
        widgets.exercise_card(exercise)
    model = st.radio(
        "Pose model", ["full", "lite"], horizontal=True, key="video_model",
        help="full is more accurate; lite is about twice as fast.",
    )
    keep = st.checkbox("Keep the annotated video in my history", value=False, key="video_keep",
                       help="Off by default: only the counts and cues are saved.")
    if upload is not None and st.button("Analyse this video", type="primary", key="analyse_upload"):
        path = _workdir() / f"upload{Path(upload.name).suffix.lower() or '.bin'}"
        path.write_bytes(upload.getbuffer())
        _analyse(path, upload.name, exercise, model, keep)

    samples = find_samples(samples_dir())
    if samples:
        st.subheader("Or try an example")
        columns = st.columns(min(3, len(samples)))
        for index, sample in enumerate(samples):
            column = columns[index % len(columns)]
            if column.button(sample.button_text, key=f"sample_{sample.path.stem}", width="stretch", help=sample.description):
                _analyse(sample.path, sample.path.name, sample.exercise or exercise, model, keep)

    result: VideoResult | None = st.session_state.get(RESULT_KEY)
    if result is not None:
        _show(result)


def _suggest_for(upload) -> Exercise | None:  # type: ignore[no-untyped-def]
    """Pre-selects the exercise a new upload's name suggests (once per file, so the user can override it)."""
    if upload is None:
        return None
    suggested = suggest_exercise(upload.name)
    if suggested is not None and st.session_state.get(SUGGESTED_KEY) != upload.file_id:
        st.session_state[SUGGESTED_KEY] = upload.file_id
        widgets.select_exercise(suggested.name)
    return suggested


def _workdir() -> Path:
    folder = st.session_state.get(WORKDIR_KEY)
    if folder is None or not Path(folder).is_dir():
        folder = tempfile.mkdtemp(prefix="posecoach-video-")
        st.session_state[WORKDIR_KEY] = folder
    return Path(folder)


def _analyse(path: Path, label: str, exercise: Exercise, model: str, keep: bool) -> None:
    st.session_state.pop(RESULT_KEY, None)
    annotated = _workdir() / f"{Path(label).stem}-annotated.webm"
    bar = st.progress(0.0, text=f"Analysing {label}…")
    writer: VideoWriter | None = None
    overlay = CoachOverlay(exercise)

    def on_frame(result, frame) -> None:  # type: ignore[no-untyped-def]
        nonlocal writer
        if writer is None:
            writer = VideoWriter(annotated, fps)
        writer.write(overlay.annotate(frame.image.copy(), result))

    def progress(done: int, total: int) -> None:
        if done % 10 == 0 or done >= total:
            bar.progress(min(done / max(total, 1), 1.0), text=f"Analysing {label}: frame {done} of about {total}")

    try:
        fps = VideoFileSource(path).info.fps
        report = analyze_video(path, exercise, model, on_frame=on_frame, progress=progress)
    except (SourceError, ModelError) as error:
        bar.empty()
        st.error(f"{label}: {error}" if label not in str(error) else str(error))
        return
    finally:
        if writer is not None:
            writer.close()
    bar.empty()
    session_id = _save(report, exercise, label, annotated if keep else None)
    st.session_state[RESULT_KEY] = VideoResult(label, report, annotated, session_id, kept=keep and session_id is not None)


def _save(report: AnalysisReport, exercise: Exercise, label: str, keep_video: Path | None) -> int | None:
    try:
        store = history(db_path())
        session_id = store.start_session("video", exercise.name, label=label)
        for rep in report.rep_events:
            store.add_rep(session_id, rep)
        for hold in report.holds:
            store.add_hold(session_id, hold)
        store.end_session(session_id)
        if keep_video is not None and keep_video.is_file():
            kept = store.path.parent / KEPT_VIDEOS / f"{session_id}-{keep_video.name}"
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(keep_video, kept)
            store.set_video(session_id, kept)
        return session_id
    except Exception as error:  # the report is still shown; only the history entry is missing
        st.warning(f"Could not save this analysis to the history: {error}")
        return None


def _show(result: VideoResult) -> None:
    report = result.report
    exercise = all_exercises()[report.exercise]
    st.divider()
    st.subheader(f"Results: {result.label} ({exercise.title})")
    if exercise.kind == "reps":
        reps_col, attempts_col, time_col = st.columns(3)
        with reps_col:
            widgets.big_stat("Reps counted", str(report.reps), "pc-video-reps")
        with attempts_col:
            widgets.big_stat("Not counted", str(report.attempts), "pc-video-attempts")
    else:
        held = report.held_by_side() or {"hold": 0.0}
        *held_cols, time_col = st.columns(len(held) + 1)
        for column, (side, seconds) in zip(held_cols, held.items()):
            with column:
                widgets.big_stat(f"Held ({side})", f"{seconds:.0f} s", f"pc-video-held-{side}")
    with time_col:
        widgets.big_stat("Video length", widgets.clock(report.duration_s), "pc-video-length")
    if report.frames_without_person:
        st.caption(f"Nobody in view on {report.frames_without_person} of {report.frames} frames.")

    issues = report.issues_summary()
    if issues:
        st.markdown("**Form issues:** " + ", ".join(f"{code.replace('_', ' ')} × {count}" for code, count in issues.items()))
    if report.rep_events:
        st.dataframe(widgets.rep_table(report.rep_events), hide_index=True, width="stretch", key="pc_rep_table")
    if report.holds:
        st.dataframe(widgets.hold_table(report.holds), hide_index=True, width="stretch", key="pc_hold_table")
    chart = charts.signal_chart(report.series, exercise, report.rep_events)
    if chart is not None:
        st.markdown("**Key signal over time** (shaded: reps; dashed: the exercise's thresholds)")
        st.altair_chart(chart, width="stretch")

    video_col, download_col = st.columns([3, 2], gap="large")
    stem = Path(result.label).stem
    with video_col:
        if result.annotated.is_file():
            st.video(str(result.annotated))
    with download_col:
        st.markdown("**Download**")
        if result.annotated.is_file():
            st.download_button("Annotated video (.webm)", result.annotated.read_bytes(), file_name=result.annotated.name,
                               mime="video/webm", width="stretch")
        st.download_button("Report (.json)", report.to_json(), file_name=f"{stem}.json", mime="application/json", width="stretch")
        st.download_button("Reps (.csv)", report.reps_csv(), file_name=f"{stem}-reps.csv", mime="text/csv", width="stretch")
        if result.session_id is not None:
            st.caption("Saved to your history (counts and cues only" + (", and the video)." if result.kept else ")."))
