"""``posecoach batch``: one report per input and a summary, resumable, bad files as error rows; the same
summary from the local process pool and from a local Ray instance."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from posecoach.batch import BatchError, BatchItem, LocalPool, TaskOptions, plan_items, read_mapping, run_batch
from posecoach.sources import VideoFileSource

SAMPLES = Path(__file__).resolve().parent.parent / "sample_videos"
REPO = SAMPLES.parent


def cut(source: Path, out: Path, seconds: float) -> Path:
    """The first ``seconds`` of a sample clip, so the batch tests stay quick."""
    reader = VideoFileSource(source)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), reader.info.fps, (reader.info.width, reader.info.height))
    for frame in reader.frames(stop=round(seconds * reader.info.fps)):
        writer.write(frame.image)
    writer.release()
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[BatchItem]:
    folder = tmp_path_factory.mktemp("inputs")
    squat = cut(SAMPLES / "squat_side_shallow.mp4", folder / "squat.mp4", 6.0)
    bridge = cut(SAMPLES / "bridge_side_clean.mp4", folder / "bridge.mp4", 6.0)
    broken = folder / "broken.mp4"
    broken.write_text("not a video")
    return [BatchItem(squat, "squat"), BatchItem(bridge, "glute_bridge"), BatchItem(broken, "squat")]


def summary_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    backend = LocalPool(workers=2)
    try:
        outcome = run_batch(inputs, out, backend, TaskOptions(model="lite", landmarks_dir=str(out)))
    finally:
        backend.close()
    assert (outcome.analysed, outcome.skipped, outcome.failed) == (2, 0, 1)
    return out


@pytest.mark.model
def test_one_report_per_input_a_summary_row_each_and_a_bad_file_is_an_error_row(inputs, local_run):
    rows = summary_rows(local_run / "summary.csv")
    assert [row["input"] for row in rows] == [str(item.input) for item in inputs]
    squat, bridge, broken = rows
    assert squat["status"] == bridge["status"] == "ok"
    assert int(squat["reps"]) + int(squat["attempts"]) >= 1 and int(bridge["reps"]) >= 1
    assert (local_run / squat["report"]).is_file() and (local_run / bridge["report"]).is_file()
    assert broken["status"] == "error" and "broken.mp4" in broken["error"] and broken["report"] == ""
    assert sorted(path.name for path in local_run.glob("*.jsonl.gz")) == sorted(f"{item.stem}.jsonl.gz" for item in inputs[:2])


@pytest.mark.model
def test_a_second_run_skips_what_is_done_and_landmarks_score_like_their_videos(inputs, local_run, tmp_path):
    backend = LocalPool(workers=1)
    try:
        again = run_batch(inputs, local_run, backend, TaskOptions(model="lite"))
        landmarks = [BatchItem(local_run / f"{item.stem}.jsonl.gz", item.exercise) for item in inputs[:2]]
        rescored = run_batch(landmarks, tmp_path, backend)
    finally:
        backend.close()
    assert (again.analysed, again.skipped, again.failed) == (0, 2, 1)
    video_rows, landmark_rows = summary_rows(local_run / "summary.csv")[:2], summary_rows(tmp_path / "summary.csv")
    for row in (*video_rows, *landmark_rows):
        del row["input"], row["report"]
    assert landmark_rows == video_rows


@pytest.mark.model
def test_ray_runs_the_same_tasks_and_writes_the_same_summary(inputs, local_run, tmp_path):
    from posecoach.batch import RayCluster

    backend = RayCluster(address=None, workers=2)  # ray.init(num_cpus=2), on loopback, no dashboard
    try:
        outcome = run_batch(inputs, tmp_path, backend, TaskOptions(model="lite"))
    finally:
        backend.close()  # and ray.shutdown()
    assert (outcome.analysed, outcome.failed) == (2, 1)
    assert (tmp_path / "summary.csv").read_text() == (local_run / "summary.csv").read_text()


def test_mapping_file_gives_each_input_its_exercise(tmp_path):
    mapping = tmp_path / "sessions.csv"
    mapping.write_text("file,exercise\nmonday.mp4,squat\nsub/tuesday.mp4, glute_bridge\n")
    assert read_mapping(mapping) == [
        BatchItem(tmp_path / "monday.mp4", "squat"),
        BatchItem(tmp_path / "sub" / "tuesday.mp4", "glute_bridge"),
    ]
    mapping.write_text("name,kind\nmonday.mp4,squat\n")
    with pytest.raises(BatchError, match="'file' and 'exercise'"):
        read_mapping(mapping)
    with pytest.raises(BatchError, match="--exercise"):
        plan_items(["a.mp4"], None, None)


def test_two_inputs_with_one_name_get_two_reports(tmp_path):
    first, second = BatchItem(tmp_path / "a" / "clip.mp4", "squat"), BatchItem(tmp_path / "b" / "clip.mp4", "squat")
    assert first.report_name != second.report_name
    assert first.report_name.startswith("clip-") and first.report_name.endswith(".squat.json")


def test_the_batch_command_records_a_missing_file_as_an_error_row_and_exits_1(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "posecoach", "batch", str(tmp_path / "missing.mp4"), "-e", "squat", "--out", str(tmp_path / "out"), "--workers", "1"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "0 analysed, 0 done before (skipped), 1 failed" in result.stdout
    rows = summary_rows(tmp_path / "out" / "summary.csv")
    assert rows[0]["status"] == "error" and "No such file" in rows[0]["error"]


@pytest.mark.model
def test_a_private_ray_instance_stays_on_loopback(tmp_path):
    """`posecoach batch --ray` under strace, with every process Ray starts: no name lookup, no connection beyond
    loopback, no server bound beyond it (Ray would bind every interface and ask cloud metadata servers)."""
    from network_trace import TRACED_CALLS_AND_BINDS, non_loopback_calls, strace_prefix

    clip = cut(SAMPLES / "squat_side_shallow.mp4", tmp_path / "tiny.mp4", 0.34)  # 10 frames: the model runs in a Ray worker
    trace = tmp_path / "network.trace"
    command = [sys.executable, "-m", "posecoach", "batch", str(clip), "-e", "squat", "--out", str(tmp_path / "out"), "--ray", "--model", "lite", "-q"]
    result = subprocess.run([*strace_prefix(trace, TRACED_CALLS_AND_BINDS), *command],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert summary_rows(tmp_path / "out" / "summary.csv")[0]["status"] == "ok"
    text = trace.read_text()
    assert text.count("bind(") >= 10 and 'inet_addr("127.0.0.1")' in text  # Ray's servers were traced
    assert non_loopback_calls(text) == []
