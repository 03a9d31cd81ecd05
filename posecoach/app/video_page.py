"""The recorded-video page: upload a clip (or pick an example), get the same report as ``posecoach analyze``.

Uploads and annotated videos exist on disk only while a clip is analysed (in this session's temporary
folder); the result is kept in memory for the session, and the annotated video is copied into the
history's managed folder only when the user ticks "Keep".
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from posecoach.app import charts, widgets
from posecoach.app.config import max_upload_mb, samples_dir
from posecoach.app.state import recorder, workspace
from posecoach.app.text import literal
from posecoach.events import RepRecord
from posecoach.exercises import Exercise, UnknownExercise, all_exercises, get_exercise
from posecoach.kinematics.body import View
from posecoach.overlay import CoachOverlay
from posecoach.pose import ModelError
from posecoach.report import AnalysisReport, analyze_video
from posecoach.sources import SourceError, VideoFileSource, decoded_shortfall
from posecoach.summary import hold_key, hold_key_name
from posecoach.video_out import VideoWriter

RESULT_KEY = "video_result"  # session_state: the last analysis shown on this page
UPLOAD_ROUND_KEY = "video_upload_round"  # session_state: bumped after an analysis, which empties the uploader
VIDEO_TYPES = ["mp4", "mov", "m4v", "avi", "mkv", "webm"]
SUGGESTED_KEY = "video_suggested_for"  # session_state: the upload whose name last chose the exercise
SAVE_TIMEOUT_S = 10.0  # how long the page waits for the history to take an analysis before saying it could not

ALL_VIEWS = frozenset(View)
SIDE_VIEWS = frozenset({View.SIDE, View.OBLIQUE})


@dataclass(frozen=True)
class Reading:
    """How a per-rep reading is shown: its column title with the unit, and the camera views it means something in."""

    title: str
    views: frozenset[View] = ALL_VIEWS


#: The readings exercises store per rep. A 2D joint angle is only true to life seen from the side (from
#: the front the knee bends toward the camera); knee width over ankle width only from the front.
READINGS = {
    "knee": Reading("Knee (°)", SIDE_VIEWS),
    "hip": Reading("Hip (°)", SIDE_VIEWS),
    "front_knee": Reading("Front knee (°)", SIDE_VIEWS),
    "shoulder_hip_knee": Reading("Shoulder-hip-knee (°)", SIDE_VIEWS),
    "trunk_from_vertical": Reading("Trunk lean (° from vertical)", SIDE_VIEWS),
    "knee_width_ratio": Reading("Knee width (× ankle width)", frozenset({View.FRONT})),
    "hip_height": Reading("Hip height (leg lengths)"),
}


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
    def option_text(self) -> str:
        known_reps = self.exercise is not None and self.exercise.kind == "reps" and self.expected_reps is not None
        return self.label + (f" ({self.expected_reps} reps)" if known_reps else "")

    @property
    def description(self) -> str:
        what = f"{self.exercise.title}, rendered example clip" if self.exercise else "Rendered example clip, no exercise in it"
        faults = "; ".join(f"{code.replace('_', ' ')} on rep {', '.join(map(str, reps))}" for code, reps in self.faults.items() if reps)
        return what + (f". Built-in faults: {faults}." if faults else ".")


@dataclass(frozen=True)
class VideoResult:
    label: str  # the file name shown to the user
    report: AnalysisReport
    annotated: bytes | None  # the annotated .webm (its temporary file is already gone)
    saved: bool  # the counts and cues reached the history
    kept: bool = False  # the annotated video was copied into the history
    warning: str | None = None  # e.g. only part of a damaged file could be read


def find_samples(folder: Path) -> list[Sample]:
    """Every ``*.mp4`` in the folder, with what its ``*.truth.json`` says (exercise, reps, faults) when there is one."""
    samples = []
    for video in sorted(folder.glob("*.mp4")):
        truth = video.with_name(video.stem + ".truth.json")
        try:
            exercise_name, reps, faults = _truth_summary(truth, truth.stat().st_mtime_ns)
        except OSError:
            exercise_name, reps, faults = None, None, ()
        try:
            exercise: Exercise | None = get_exercise(exercise_name) if exercise_name else None
        except UnknownExercise:
            exercise = None
        samples.append(Sample(video, exercise, reps, {code: list(on) for code, on in faults}))
    return samples


@functools.lru_cache(maxsize=1024)
def _truth_summary(path: Path, mtime_ns: int) -> tuple[str | None, int | None, tuple[tuple[str, tuple[int, ...]], ...]]:
    """A truth file's exercise, expected reps and faults, read once per version of the file: the page is drawn again
    on every click, and a truth file also holds every frame's joints (~0.2 MB; all of them took ~1 s to parse)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data = data if isinstance(data, dict) else {}
    expected = data.get("expected") if isinstance(data.get("expected"), dict) else {}
    reps = expected.get("reps")
    faults = expected.get("faults") if isinstance(expected.get("faults"), dict) else {}
    exercise = data.get("exercise")
    return (
        str(exercise) if exercise else None,
        reps if isinstance(reps, int) else None,
        tuple((str(code), tuple(on)) for code, on in faults.items() if isinstance(on, list)),
    )


#: Words that say how a clip was filmed, not what was done in it ("bridge_side_low.mp4").
CAMERA_WORDS = frozenset({"side", "front", "oblique", "left", "right", "view"})


def suggest_exercise(file_name: str) -> Exercise | None:
    """The exercise a file's name points to ("my_squats.mp4" -> squat), if the name points to one.

    The exercises matching the most words of the name win; if they all matched the same words ("bridge"
    for the glute bridge and the bridge pelvic roll), the one with the fewest words left unmatched is it.
    Names pointing to different exercises ("squat_then_bridge.mp4") suggest nothing.
    """
    words = [word for word in re.split(r"[^a-z]+", Path(file_name).stem.lower()) if word]
    found: dict[str, tuple[frozenset[str], int]] = {}  # exercise -> (file words matched, keywords unmatched)
    for name, exercise in all_exercises().items():
        keywords = {word for word in re.split(r"[^a-z]+", f"{name} {exercise.title}".lower()) if len(word) >= 4}
        keywords -= CAMERA_WORDS
        matched = {keyword for keyword in keywords if any(word.startswith(keyword) for word in words)}
        if matched:
            found[name] = (frozenset(matched), len(keywords - matched))
    most = max((len(matched) for matched, _ in found.values()), default=0)
    contenders = {name: entry for name, entry in found.items() if len(entry[0]) == most}
    if len({matched for matched, _ in contenders.values()}) != 1:
        return None
    fewest = min(unmatched for _, unmatched in contenders.values())
    winners = [name for name, (_, unmatched) in contenders.items() if unmatched == fewest]
    return all_exercises()[winners[0]] if len(winners) == 1 else None


def render() -> None:
    widgets.page_style()
    st.title("Check a recorded video")
    st.write("Film yourself with your phone or laptop, then upload the clip: you get the same count, cues and report as live.")
    # No type filter in the widget: it would reject other files with a tiny icon; a clear message is better.
    upload = st.file_uploader(
        f"Upload a video (up to {max_upload_mb()} MB; {', '.join(VIDEO_TYPES)})",
        key=_upload_key(),
    )
    if upload is not None and Path(upload.name).suffix.lower().lstrip(".") not in VIDEO_TYPES:
        st.error(f"{literal(upload.name)} is not a video file this page can read: use one of {', '.join(VIDEO_TYPES)}.")
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
                       help="Off by default: only the counts and cues are saved, and the video is deleted after the analysis.")
    if upload is not None and st.button("Analyse this video", type="primary", key="analyse_upload"):
        _analyse_upload(upload, exercise, model, keep)
    _examples(exercise, model, keep)

    result: VideoResult | None = st.session_state.get(RESULT_KEY)
    if result is not None:
        _show(result)


def _examples(exercise: Exercise, model: str, keep: bool) -> None:
    """The example clips in one compact row: pick one, analyse it."""
    samples = {sample.path.stem: sample for sample in find_samples(samples_dir())}
    if not samples:
        return
    picker, button = st.columns([4, 1], vertical_alignment="bottom")
    chosen = picker.selectbox(
        "Or try an example clip", list(samples), format_func=lambda stem: samples[stem].option_text, key="video_sample",
    )
    picker.caption(samples[chosen].description)
    if button.button("Analyse example", key="analyse_sample", width="stretch"):
        sample = samples[chosen]
        _analyse(sample.path, sample.path.name, sample.exercise or exercise, model, keep)


def _suggest_for(upload) -> Exercise | None:  # type: ignore[no-untyped-def]
    """Pre-selects the exercise a new upload's name suggests (once per file, so the user can override it)."""
    if upload is None:
        return None
    suggested = suggest_exercise(upload.name)
    if suggested is not None and st.session_state.get(SUGGESTED_KEY) != upload.file_id:
        st.session_state[SUGGESTED_KEY] = upload.file_id
        widgets.select_exercise(suggested.name)
    return suggested


def _analyse_upload(upload, exercise: Exercise, model: str, keep: bool) -> None:  # type: ignore[no-untyped-def]
    folder = workspace().scratch()
    try:
        path = folder / _file_name(upload.name)
        path.write_bytes(upload.getbuffer())
        _analyse(path, upload.name, exercise, model, keep)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _forget_upload(upload)


def _upload_key() -> str:
    return f"video_upload_{st.session_state.get(UPLOAD_ROUND_KEY, 0)}"


def _file_name(name: str) -> str:
    """A safe local name for an upload (the user's name is only ever shown, never used as a path)."""
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    return (re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:80] or "video") + re.sub(r"[^a-z0-9.]", "", suffix)


def _forget_upload(upload) -> None:  # type: ignore[no-untyped-def]
    """Empties the uploader and drops the uploaded bytes from the server's memory (a phone video can be 500 MB)."""
    st.session_state.pop(_upload_key(), None)  # the widget's value holds a copy of the bytes
    st.session_state[UPLOAD_ROUND_KEY] = st.session_state.get(UPLOAD_ROUND_KEY, 0) + 1
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        context = get_script_run_ctx()
        if context is not None and Runtime.exists():
            Runtime.instance().uploaded_file_mgr.remove_file(context.session_id, upload.file_id)
    except (ImportError, AttributeError, KeyError):  # another Streamlit version: the bytes go with the session
        pass


def _analyse(path: Path, label: str, exercise: Exercise, model: str, keep: bool) -> None:
    """Analyses ``path``; everything the user sees names the file ``label``. The annotated video exists on disk only meanwhile."""
    st.session_state.pop(RESULT_KEY, None)
    folder = workspace().scratch()
    try:
        _run_analysis(path, label, exercise, model, keep, folder / "annotated.webm")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_analysis(path: Path, label: str, exercise: Exercise, model: str, keep: bool, annotated: Path) -> None:
    bar = st.progress(0.0, text=f"Analysing {literal(label)}…")
    writer: VideoWriter | None = None
    overlay = CoachOverlay(exercise)

    def on_frame(result, frame) -> None:  # type: ignore[no-untyped-def]
        nonlocal writer
        if writer is None:
            writer = VideoWriter(annotated, info.fps)
        writer.write(overlay.annotate(frame.image.copy(), result))

    def progress(done: int, total: int) -> None:
        if done % 10 == 0 or done >= total:
            bar.progress(min(done / max(total, 1), 1.0), text=f"Analysing {literal(label)}: frame {done} of about {total}")

    try:
        info = VideoFileSource(path).info
        report = analyze_video(path, exercise, model, on_frame=on_frame, progress=progress)
    except (SourceError, ModelError) as error:
        bar.empty()
        st.error(_about(label, path, str(error)))
        return
    finally:
        if writer is not None:
            writer.close()
    bar.empty()
    report = replace(report, video=label)
    shortfall = decoded_shortfall(info, report.frames)
    saved, kept = _save(report, exercise, label, annotated if keep else None)
    st.session_state[RESULT_KEY] = VideoResult(
        label, report, annotated.read_bytes() if annotated.is_file() else None, saved=saved, kept=kept,
        warning=_about(label, path, shortfall) if shortfall else None,
    )


def _about(label: str, path: Path, message: str) -> str:
    """A message about the file, naming it as the user knows it (never the server's copy)."""
    shown = literal(label)
    if str(path) in message:
        return message.replace(str(path), shown)
    if path.name in message:
        return message.replace(path.name, shown)
    return f"{shown}: {message}"


def _save(report: AnalysisReport, exercise: Exercise, label: str, keep_video: Path | None) -> tuple[bool, bool]:
    """Writes the analysis to this visitor's history; returns (saved, video kept). Never raises."""
    history = recorder()
    session = history.start_session("video", exercise.name, label=label)
    for rep in report.rep_events:
        history.add_rep(session, rep)
    for hold in report.holds:
        history.add_hold(session, hold)
    history.end_session(session)
    if keep_video is not None and keep_video.is_file():
        history.keep_video(session, keep_video)
    saved = history.flush(SAVE_TIMEOUT_S)
    return saved, saved and keep_video is not None and keep_video.is_file()


def rep_table(report: AnalysisReport, exercise: Exercise) -> pd.DataFrame:
    """One row per rep or attempt: the readings that mean something from the camera view the clip was judged in, with units."""
    signals = getattr(exercise, "signals", {})  # the phase signal of each view; the report's series is the one used
    views = frozenset(view for view, signal in signals.items() if signal.name == report.series.name) or ALL_VIEWS

    def shown(name: str) -> bool:
        recorded = any(rep.angles.get(name, float("nan")) == rep.angles.get(name, float("nan")) for rep in report.rep_events)
        return recorded and bool(views & READINGS.get(name, Reading(name)).views)  # NaN != NaN: never recorded

    names = [name for name in exercise.key_angles if shown(name)]
    return pd.DataFrame([_rep_row(rep, names) for rep in report.rep_events])


def _rep_row(rep: RepRecord, names: list[str]) -> dict[str, object]:
    row: dict[str, object] = {
        "#": rep.index, "Counted": "rep" if rep.counted else "attempt",
        "Start (s)": round(rep.start_s, 1), "End (s)": round(rep.end_s, 1),
    }
    for name in names:
        value = rep.angles.get(name, float("nan"))
        row[READINGS.get(name, Reading(name.replace("_", " "))).title] = None if value != value else round(value, 2 if value < 10 else 1)
    row["Issues"] = "; ".join(issue.message for issue in rep.issues) or "good form"
    return row


def _show(result: VideoResult) -> None:
    report = result.report
    exercise = all_exercises()[report.exercise]
    st.divider()
    st.subheader(f"Results: {literal(result.label)} ({exercise.title})", anchor="results")
    if result.warning:
        st.warning(result.warning)
    if exercise.kind == "reps":
        reps_col, attempts_col, time_col = st.columns(3)
        with reps_col:
            widgets.big_stat("Reps counted", str(report.reps), "pc-video-reps")
        with attempts_col:
            widgets.big_stat("Not counted", str(report.attempts), "pc-video-attempts")
    else:
        counts = report.counts
        sides = counts.sides + ((None,) if None in counts.by_side or not counts.sides else ())  # None: no side / not seen
        *held_cols, time_col = st.columns(len(sides) + 1)
        sided = report.sided
        for column, side in zip(held_cols, sides):
            with column:
                name = hold_key(side, sided)
                label = f"Held ({hold_key_name(name)})"
                widgets.big_stat(label, f"{counts.side(side).held_s:.0f} s", f"pc-video-held-{name}")
        if sided and counts.side(None).held_s > 0:
            st.caption(exercise.untold_message())
    with time_col:
        widgets.big_stat("Video length", widgets.clock(report.duration_s), "pc-video-length")
    if report.frames_without_person:
        st.caption(f"Nobody in view on {report.frames_without_person} of {report.frames} frames.")

    issues = report.issues_summary()
    if issues:
        st.markdown("**Form issues:** " + ", ".join(f"{code.replace('_', ' ')} × {count}" for code, count in issues.items()))
    if report.rep_events:
        st.dataframe(rep_table(report, exercise), hide_index=True, width="stretch", key="pc_rep_table")
    if report.holds:
        st.dataframe(widgets.hold_table(report.holds, report.sided), hide_index=True, width="stretch", key="pc_hold_table")

    video_col, download_col = st.columns([3, 2], gap="large")
    stem = Path(result.label).stem
    with video_col:
        if result.annotated is not None:
            st.video(result.annotated, format="video/webm")
    with download_col:
        st.markdown("**Download**")
        # on_click="ignore": a download does not rerun the page (which would grey the results for seconds)
        if result.annotated is not None:
            st.download_button("Annotated video (.webm)", result.annotated, file_name=f"{stem}-annotated.webm",
                               mime="video/webm", width="stretch", on_click="ignore")
        st.download_button("Report (.json)", report.to_json(), file_name=f"{stem}.json", mime="application/json",
                           width="stretch", on_click="ignore")
        table = "holds" if exercise.kind == "hold" else "reps"
        st.download_button(f"{table.capitalize()} (.csv)", report.table_csv(), file_name=f"{stem}-{table}.csv",
                           mime="text/csv", width="stretch", on_click="ignore")
        if result.saved:
            st.caption("Saved to your history (counts and cues only" + (", and the video)." if result.kept else ")."))
        else:
            st.warning(recorder().status.message or "History can't be saved; the results above are complete.")
    chart = charts.signal_chart(report.series, exercise, report.rep_events, report.holds)
    if chart is not None:
        shaded = "held, per side" if exercise.kind == "hold" else "reps"
        st.markdown(f"**Key signal over time** (shaded: {shaded}; dashed: the exercise's thresholds)")
        st.altair_chart(chart, width="stretch")
