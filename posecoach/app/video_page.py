"""The recorded-video page: upload a clip (or pick an example), get the same report as ``posecoach analyze``."""

from __future__ import annotations

import json
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
KEPT_VIDEOS = "videos"  # next to the history database, for videos the user chose to keep


@dataclass(frozen=True)
class Sample:
    path: Path
    exercise: Exercise
    expected_reps: int | None

    @property
    def label(self) -> str:
        return self.path.stem.replace("_", " ")


@dataclass(frozen=True)
class VideoResult:
    label: str  # the file name shown to the user
    report: AnalysisReport
    annotated: Path  # .webm
    session_id: int | None


def find_samples(folder: Path) -> list[Sample]:
    """Every ``*.mp4`` with a ``*.truth.json`` naming a known exercise."""
    samples = []
    for video in sorted(folder.glob("*.mp4")):
        truth = video.with_name(video.stem + ".truth.json")
        try:
            data = json.loads(truth.read_text())
            exercise = get_exercise(str(data["exercise"]))
        except (OSError, ValueError, KeyError, UnknownExercise):
            continue
        expected = data.get("expected", {}).get("reps")
        samples.append(Sample(video, exercise, int(expected) if isinstance(expected, int) else None))
    return samples


def render() -> None:
    widgets.page_style()
    st.title("Check a recorded video")
    st.write("Film yourself with your phone or laptop, then upload the clip: you get the same count, cues and report as live.")
    exercise = widgets.exercise_picker()
    with st.expander("How to do it, and how to film it"):
        widgets.exercise_card(exercise)
    model = st.radio(
        "Pose model", ["full", "lite"], horizontal=True, key="video_model",
        help="full is more accurate; lite is about twice as fast.",
    )

    upload = st.file_uploader(
        f"Upload a video (up to {max_upload_mb()} MB; {', '.join(VIDEO_TYPES)})", type=VIDEO_TYPES, key="video_upload"
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
            expected = f" ({sample.expected_reps} reps)" if sample.expected_reps is not None else ""
            if column.button(f"▶ {sample.label}{expected}", key=f"sample_{sample.path.stem}", width="stretch",
                             help=f"{sample.exercise.title}, rendered example clip"):
                _analyse(sample.path, sample.path.name, sample.exercise, model, keep)

    result: VideoResult | None = st.session_state.get(RESULT_KEY)
    if result is not None:
        _show(result)


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
    st.session_state[RESULT_KEY] = VideoResult(label, report, annotated, session_id)


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
    st.subheader(f"Results: {result.label}")
    if exercise.kind == "reps":
        reps_col, attempts_col, time_col = st.columns(3)
        with reps_col:
            widgets.big_stat("Reps counted", str(report.reps), "pc-video-reps")
        with attempts_col:
            widgets.big_stat("Not counted", str(report.attempts), "pc-video-attempts")
        time_col.metric("Length", widgets.clock(report.duration_s))
    else:
        held = report.held_by_side() or {"hold": 0.0}
        for column, (side, seconds) in zip(st.columns(len(held)), held.items()):
            with column:
                widgets.big_stat(f"Held ({side})", f"{seconds:.0f} s", f"pc-video-held-{side}")
    if report.frames_without_person:
        st.caption(f"Nobody in view on {report.frames_without_person} of {report.frames} frames.")

    issues = report.issues_summary()
    if issues:
        st.markdown("**Form issues:** " + ", ".join(f"{code.replace('_', ' ')} × {count}" for code, count in issues.items()))
    if report.rep_events:
        st.dataframe(widgets.rep_table(report.rep_events), hide_index=True, width="stretch", key="pc_rep_table")
    chart = charts.signal_chart(report.series, exercise, report.rep_events)
    if chart is not None:
        st.altair_chart(chart, width="stretch")

    if result.annotated.is_file():
        st.video(str(result.annotated))
    downloads = st.columns(3)
    if result.annotated.is_file():
        downloads[0].download_button("Annotated video (.webm)", result.annotated.read_bytes(), file_name=result.annotated.name,
                                     mime="video/webm", width="stretch")
    stem = Path(result.label).stem
    downloads[1].download_button("Report (.json)", report.to_json(), file_name=f"{stem}.json", mime="application/json", width="stretch")
    downloads[2].download_button("Reps (.csv)", report.reps_csv(), file_name=f"{stem}-reps.csv", mime="text/csv", width="stretch")
