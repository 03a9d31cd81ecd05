"""The landmarks file format (version 1): the schema the README documents, exact round trips, clear errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from posecoach import landmark_store
from posecoach.landmark_store import (
    FORMAT_VERSION,
    LandmarkFile,
    LandmarkFileError,
    LandmarkHeader,
    LandmarkWriter,
    landmark_sink,
)
from posecoach.landmarks import NUM_LANDMARKS, Pose
from posecoach.pipeline import PoseRecord

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER_KEYS = {"format", "version", "video", "fps", "frame_count", "width", "height", "rotation_deg", "model", "landmarks"}
FRAME_KEYS = {"i", "t", "people", "luma", "pose"}
POSE_KEYS = {"landmarks", "world"}


def header() -> LandmarkHeader:
    return LandmarkHeader(video="clip.mp4", fps=30.0, frame_count=3, width=640, height=480, rotation_deg=90, model="full")


def model_like_pose(seed: int) -> Pose:
    """A pose built the way the pose stage builds one: float32 values from the model, scaled to pixels."""
    rng = np.random.default_rng(seed)
    normalized = rng.random((NUM_LANDMARKS, 5), dtype=np.float32).astype(float)
    world = (rng.random((NUM_LANDMARKS, 3), dtype=np.float32) - np.float32(0.5)).astype(float)
    return Pose.from_normalized(normalized, (640, 480), world)


RECORDS = [
    PoseRecord(0, 0.0, model_like_pose(1), 1, 120.25),
    PoseRecord(1, 1 / 30, None, 0, 34.999999),
    PoseRecord(2, 2 / 30, model_like_pose(2), 2, 80.0),
]


def write(path: Path) -> Path:
    with LandmarkWriter(path, header()) as writer:
        for record in RECORDS:
            writer.write(record)
    return path


def test_a_file_follows_the_documented_schema(tmp_path):
    lines = gzip.open(write(tmp_path / "s.jsonl.gz"), "rt").read().splitlines()
    head = json.loads(lines[0])
    assert set(head) == HEADER_KEYS
    assert head["format"] == "posecoach-landmarks" and head["version"] == FORMAT_VERSION == 1
    assert head["landmarks"][:2] == ["nose", "left_eye_inner"] and len(head["landmarks"]) == NUM_LANDMARKS
    frames = [json.loads(line) for line in lines[1:]]
    assert [frame["i"] for frame in frames] == [0, 1, 2]
    for frame in frames:
        assert set(frame) == FRAME_KEYS
        if frame["pose"] is not None:
            assert set(frame["pose"]) == POSE_KEYS
            assert np.shape(frame["pose"]["landmarks"]) == (NUM_LANDMARKS * 5,)
            assert np.shape(frame["pose"]["world"]) == (NUM_LANDMARKS * 3,)
    documented = README.read_text()
    assert "posecoach-landmarks" in documented
    for key in HEADER_KEYS | FRAME_KEYS | POSE_KEYS:
        assert f"`{key}`" in documented, f"README does not document the key {key}"


@pytest.mark.parametrize("chunk_frames", [1, 2, landmark_store.READ_CHUNK_FRAMES])
def test_records_read_back_bit_for_bit(tmp_path, monkeypatch, chunk_frames):
    monkeypatch.setattr(landmark_store, "READ_CHUNK_FRAMES", chunk_frames)  # frames are parsed a chunk at a time
    file = LandmarkFile(write(tmp_path / "s.jsonl.gz"))
    assert file.header == header()
    back = list(file)
    assert len(back) == len(RECORDS)
    for original, read in zip(RECORDS, back):
        assert (read.frame_index, read.timestamp_s, read.people, read.luma) == (
            original.frame_index, original.timestamp_s, original.people, original.luma,
        )  # fmt: skip
        if original.pose is None:
            assert read.pose is None
            continue
        for name in ("xy", "depth", "visibility", "presence", "world"):
            assert np.array_equal(getattr(read.pose, name), getattr(original.pose, name)), name
        assert read.pose.image_size == original.pose.image_size


def test_a_newer_version_or_another_file_is_refused_with_a_clear_message(tmp_path):
    newer = tmp_path / "newer.jsonl.gz"
    with gzip.open(newer, "wt") as file:
        file.write(json.dumps({**json.loads(header().to_json()), "version": 2}) + "\n")
    with pytest.raises(LandmarkFileError, match="version 2; this posecoach reads version 1"):
        LandmarkFile(newer)
    other = tmp_path / "other.jsonl.gz"
    with gzip.open(other, "wt") as file:
        file.write('{"hello": 1}\n')
    with pytest.raises(LandmarkFileError, match="not a posecoach landmarks file"):
        LandmarkFile(other)
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_text("not gzip")
    with pytest.raises(LandmarkFileError, match="gzip"):
        LandmarkFile(plain)


def test_a_frame_line_laid_out_differently_reads_the_same(tmp_path):
    """Any JSON layout of a frame line is read (here one nested and spaced out among compact ones), the same way."""
    lines = gzip.open(write(tmp_path / "s.jsonl.gz"), "rt").read().splitlines()
    frame = json.loads(lines[3])
    frame["pose"]["landmarks"] = np.reshape(frame["pose"]["landmarks"], (NUM_LANDMARKS, 5)).tolist()
    relaid = tmp_path / "relaid.jsonl.gz"
    with gzip.open(relaid, "wt") as file:
        file.write("\n".join([*lines[:3], json.dumps(frame, indent=1).replace("\n", " ")]) + "\n")
    original, read = list(LandmarkFile(tmp_path / "s.jsonl.gz"))[2].pose, list(LandmarkFile(relaid))[2].pose
    assert np.array_equal(read.xy, original.xy) and np.array_equal(read.presence, original.presence)


def test_a_damaged_frame_line_names_its_line(tmp_path):
    damaged = tmp_path / "damaged.jsonl.gz"
    lines = gzip.open(write(tmp_path / "s.jsonl.gz"), "rt").read().splitlines()
    with gzip.open(damaged, "wt") as file:
        file.write("\n".join([*lines[:2], lines[2][:40]]) + "\n")
    with pytest.raises(LandmarkFileError, match="line 3"):
        list(LandmarkFile(damaged))


def test_a_failed_run_leaves_no_half_written_file(tmp_path):
    path = tmp_path / "s.jsonl.gz"
    with pytest.raises(RuntimeError):
        with landmark_sink(path, header()) as save:
            save(RECORDS[0])
            raise RuntimeError("the video broke off")
    assert not path.exists()
