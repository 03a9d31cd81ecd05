"""The perturbations of ``posecoach eval --perturb``: each changes the landmarks the way another camera or person
would, and nothing else."""

from __future__ import annotations

import math

import numpy as np
import pytest

from posecoach.kinematics import geometry as geo
from posecoach.landmark_store import LandmarkFile, LandmarkHeader, LandmarkWriter
from posecoach.landmarks import Landmark as L
from posecoach.perturb import PERTURBATIONS, farther, mirrored, perturbed_copy, rolled
from posecoach.pipeline import PoseRecord
from synthetic import make_pose, squat_side_points

FPS = 30.0


@pytest.fixture
def clip(tmp_path):
    """Ten frames of a side-on squatter, one of them without a person."""
    path = tmp_path / "clip.jsonl.gz"
    header = LandmarkHeader(video="clip.mp4", fps=FPS, frame_count=10, width=1000, height=1000, rotation_deg=0, model="full")
    with LandmarkWriter(path, header) as writer:
        for index in range(10):
            pose = None if index == 4 else make_pose(squat_side_points(170.0 - 8 * index))
            writer.write(PoseRecord(index, index / FPS, pose, int(pose is not None), 100.0))
    return path


def _knee_angle(pose, side: str) -> float:
    return geo.joint_angle_2d(*(pose.xy[L[f"{side}_{part}"]].tolist() for part in ("HIP", "KNEE", "ANKLE")))


def test_a_mirror_flips_the_image_and_swaps_left_and_right():
    pose = make_pose(squat_side_points(120.0), near_side="LEFT")
    flipped = mirrored(pose)
    assert flipped.xy[L.RIGHT_KNEE] == pytest.approx([pose.image_size[0] - pose.xy[L.LEFT_KNEE][0], pose.xy[L.LEFT_KNEE][1]])
    assert flipped.depth[L.RIGHT_KNEE] == pose.depth[L.LEFT_KNEE]
    assert mirrored(flipped).xy == pytest.approx(pose.xy)


def test_a_roll_turns_the_body_but_keeps_its_joint_angles():
    pose = make_pose(squat_side_points(100.0))
    turned = rolled(8.0)(pose)
    shin, turned_shin = (p.xy[L.LEFT_KNEE] - p.xy[L.LEFT_ANKLE] for p in (pose, turned))
    between = math.degrees(math.atan2(turned_shin[1], turned_shin[0]) - math.atan2(shin[1], shin[0]))
    assert between == pytest.approx(8.0)
    assert _knee_angle(turned, "LEFT") == pytest.approx(_knee_angle(pose, "LEFT"))


def test_a_person_further_away_is_smaller_in_depth_too():
    """MediaPipe's relative depth is in the image's scale: left as it was, a smaller body would read as seen end-on
    (its shoulders' and hips' depth apart over a shorter torso) and a kneeling stretch as on all fours."""
    pose = make_pose(squat_side_points(100.0))
    small = farther(0.6)(pose)
    torso, small_torso = (np.linalg.norm(p.xy[L.LEFT_SHOULDER] - p.xy[L.LEFT_HIP]) for p in (pose, small))
    assert small_torso == pytest.approx(0.6 * torso)
    assert small.depth == pytest.approx(0.6 * pose.depth)
    assert _knee_angle(small, "LEFT") == pytest.approx(_knee_angle(pose, "LEFT"))


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_every_perturbation_writes_a_readable_file_with_its_frame_rate(clip, tmp_path, name):
    source = LandmarkFile(clip)
    copy = LandmarkFile(perturbed_copy(clip, name, tmp_path / f"{name}.jsonl.gz"))
    records, originals = list(copy), list(source)
    duration = originals[-1].timestamp_s
    if name == "half_fps":
        assert [r.frame_index for r in records] == list(range(5)) and copy.header.fps == FPS / 2
    else:
        assert len(records) == len(originals)
        assert records[-1].timestamp_s * copy.header.fps == pytest.approx(duration * FPS)  # time and rate agree
    assert [r.pose is None for r in records] == [o.pose is None for o in originals][:: 2 if name == "half_fps" else 1]


def test_slower_and_faster_stretch_time_only(clip, tmp_path):
    originals = list(LandmarkFile(clip))
    for name, factor in (("slower", 1.25), ("faster", 0.8)):
        records = list(LandmarkFile(perturbed_copy(clip, name, tmp_path / f"{name}.jsonl.gz")))
        assert [r.timestamp_s for r in records] == pytest.approx([o.timestamp_s * factor for o in originals])
        assert all(np.array_equal(r.pose.xy, o.pose.xy) for r, o in zip(records, originals) if r.pose is not None)


def test_eval_perturb_counts_a_labelled_clip_from_its_kept_landmarks_filmed_every_way(tmp_path, capsys):
    """`posecoach eval --perturb --landmarks DIR`: the landmarks kept in DIR are scored (no model, no video), as
    filmed and under each perturbation; three clean squats count three every way."""
    from posecoach.cli import main
    from synthetic import rep_profile

    rep_s, lead_s = 2.4, 1.0
    frames = int((lead_s + 3 * rep_s + 1.0) * FPS)
    kept = tmp_path / "kept"
    kept.mkdir()
    header = LandmarkHeader(video="squats.mp4", fps=FPS, frame_count=frames, width=1000, height=1000, rotation_deg=0, model="full")
    with LandmarkWriter(kept / "squats.full.jsonl.gz", header) as writer:
        for index in range(frames):
            t = index / FPS
            knee = rep_profile(178.0, 70.0, rep_s)((t - lead_s) % rep_s) if lead_s <= t < lead_s + 3 * rep_s else 178.0
            writer.write(PoseRecord(index, t, make_pose(squat_side_points(knee)), 1, 100.0))
    labels = tmp_path / "labels.json"
    labels.write_text('{"clips": [{"file": "squats.mp4", "exercise": "squat", "category": "target", "reps": 3}]}')

    assert main(["eval", str(labels), "--perturb", "--landmarks", str(kept), "-q"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("squats.mp4"))
    assert row.split()[2:] == ["3"] * (2 + len(PERTURBATIONS))  # label, as filmed, then each perturbation


def test_kept_copies_are_reused_until_their_source_changes(clip, tmp_path):
    import os

    from posecoach.perturb import kept_copies

    def target_of(name: str):
        return tmp_path / f"clip.{name}.jsonl.gz"

    first = dict(kept_copies(clip, target_of))
    assert set(first) == set(PERTURBATIONS)
    os.utime(first["mirror"], (1.0, 1.0))  # a copy written before its source: stale
    kept = target_of("jitter").stat().st_mtime_ns
    dict(kept_copies(clip, target_of))
    assert target_of("mirror").stat().st_mtime > 1.0
    assert target_of("jitter").stat().st_mtime_ns == kept
