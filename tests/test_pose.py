import zipfile

import numpy as np
import pytest

from posecoach.pose import ModelError, ModelVariant, PoseEstimator, PoseOptions, RunningMode, model_path
from conftest import SAMPLE_VIDEOS
from posecoach.sources import Frame, VideoFileSource


def test_shipped_models_are_found():
    for variant in (ModelVariant.LITE, ModelVariant.FULL):
        assert model_path(variant).name == f"pose_landmarker_{variant.value}.task"


def test_missing_model_names_the_build_script(tmp_path):
    with pytest.raises(ModelError, match="tools/build_pose_models.py"):
        PoseEstimator(PoseOptions(model_file=tmp_path / "pose_landmarker_full.task"))


def test_heavy_is_not_shipped_and_the_error_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("POSECOACH_MODEL_DIR", str(tmp_path))
    try:
        model_path("heavy")
    except ModelError as error:
        assert "--variants heavy" in str(error)
    else:  # someone built it locally: then it must be a real bundle
        assert zipfile.is_zipfile(model_path("heavy"))


@pytest.mark.parametrize("content", [b"not a zip at all", b""])
def test_corrupt_model_is_one_clear_error(tmp_path, content):
    bad = tmp_path / "broken.task"
    bad.write_bytes(content)
    with pytest.raises(ModelError, match="corrupt.*build_pose_models"):
        PoseEstimator(PoseOptions(model_file=bad))


def test_zip_without_the_two_models_is_rejected(tmp_path):
    bad = tmp_path / "wrong.task"
    with zipfile.ZipFile(bad, "w") as bundle:
        bundle.writestr("readme.txt", "hi")
    with pytest.raises(ModelError, match="lacks"):
        PoseEstimator(PoseOptions(model_file=bad))


@pytest.mark.model
@pytest.mark.parametrize("mode", [RunningMode.IMAGE, RunningMode.VIDEO])
def test_blank_frames_give_no_pose(mode):
    with PoseEstimator(PoseOptions(variant="lite", running_mode=mode, people_check_interval_s=None)) as estimator:
        for index in range(3):
            result = estimator.estimate(Frame(np.full((240, 320, 3), 128, np.uint8), index, index / 30))
            assert result.poses == () and result.primary is None


@pytest.mark.model
def test_opencv_runs_on_one_thread_once_a_model_is_loaded(monkeypatch):
    import cv2

    monkeypatch.setattr(cv2, "setNumThreads", lambda n: calls.append(n))  # the process-wide setting stays as it is
    calls: list[int] = []
    with PoseEstimator(PoseOptions(variant="lite", people_check_interval_s=None)):
        pass
    assert calls == [1]  # OpenCV's pool busy-waits between small per-frame operations, taking the model's CPU


@pytest.mark.model
def test_video_mode_accepts_repeated_timestamps():
    # live cameras can deliver two frames with the same clock reading: the estimator keeps them increasing
    with PoseEstimator(PoseOptions(variant="lite", people_check_interval_s=None)) as estimator:
        frame = Frame(np.zeros((120, 160, 3), np.uint8), 0, 0.5)
        estimator.estimate(frame)
        estimator.estimate(frame)


@pytest.mark.model
def test_a_second_person_is_remembered_for_a_while_after_the_detector_loses_them():
    person = next(iter(VideoFileSource(SAMPLE_VIDEOS / "squat_front_clean.mp4"))).image[:, 120:520]
    two_people = np.concatenate([person, person], axis=1)
    one_person = np.concatenate([person, np.full_like(person, 90)], axis=1)
    options = PoseOptions(variant="lite", people_check_interval_s=1.0, people_memory_s=3.0)
    with PoseEstimator(options) as estimator:
        counts = [
            estimator.estimate(Frame(image, index, t)).people
            for index, (image, t) in enumerate([(two_people, 0.0), (one_person, 1.0), (one_person, 3.0), (one_person, 4.0)])
        ]
    assert counts == [2, 2, 2, 1]


def test_a_body_found_twice_is_one_person_and_two_bodies_side_by_side_are_two():
    from types import SimpleNamespace

    from posecoach.pose import distinct_people

    def detection(x0: float, y0: float, x1: float, y1: float) -> list:
        return [SimpleNamespace(x=x, y=y) for x, y in ((x0, y0), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2))]

    lying = detection(0.2, 0.4, 0.8, 0.7)
    legs_up = detection(0.25, 0.35, 0.5, 0.65)  # a folded body's legs, read again as a "person" mostly inside it
    beside = detection(0.7, 0.3, 0.95, 0.9)  # someone next to it: their boxes barely overlap
    assert distinct_people([lying, legs_up]) == 1
    assert distinct_people([lying, beside]) == 2
    assert distinct_people([]) == 0
