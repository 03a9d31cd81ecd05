"""Checks on the shipped PoseLandmarker bundles in models/ (offline)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
README_ROW = re.compile(r"^\|\s*(\S+\.task)\s*\|\s*([0-9a-f]{64})\s*\|\s*(\d+)\s*\|\s*$")
EXPECTED_ENTRIES = ["pose_detector.tflite", "pose_landmarks_detector.tflite"]
ENTRY_ALIGNMENT = 16
ZIP_LOCAL_HEADER_SIZE = 30

BUNDLES = sorted(MODELS_DIR.glob("*.task"))


def readme_table() -> dict[str, tuple[str, int]]:
    rows: dict[str, tuple[str, int]] = {}
    for line in (MODELS_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        match = README_ROW.match(line)
        if match:
            name, sha256, size = match.groups()
            rows[name] = (sha256, int(size))
    return rows


def test_readme_table_lists_exactly_the_shipped_bundles() -> None:
    assert BUNDLES, "no .task bundles in models/"
    assert set(readme_table()) == {path.name for path in BUNDLES}


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda p: p.name)
def test_bundle_matches_readme_sha256_and_size(bundle: Path) -> None:
    expected_sha256, expected_size = readme_table()[bundle.name]
    data = bundle.read_bytes()
    assert len(data) == expected_size
    assert hashlib.sha256(data).hexdigest() == expected_sha256


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda p: p.name)
def test_bundle_is_uncompressed_zip_with_expected_entries(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == EXPECTED_ENTRIES
        assert all(info.compress_type == zipfile.ZIP_STORED for info in infos)
        assert archive.testzip() is None
        for info in infos:
            data_offset = (
                info.header_offset + ZIP_LOCAL_HEADER_SIZE + len(info.filename) + len(info.extra)
            )
            assert data_offset % ENTRY_ALIGNMENT == 0, info.filename


def detect_pose_landmarks(bundle: Path, rgb: np.ndarray) -> list:
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(bundle)),
        running_mode=vision.RunningMode.IMAGE,
    )
    image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        return landmarker.detect(image).pose_landmarks


@pytest.mark.model
@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda p: p.name)
def test_bundle_loads_in_pose_landmarker(bundle: Path) -> None:
    blank = np.full((256, 256, 3), 128, dtype=np.uint8)
    assert detect_pose_landmarks(bundle, blank) == []


@pytest.mark.model
@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda p: p.name)
def test_bundle_finds_person_in_portrait(bundle: Path) -> None:
    # matplotlib ships a photo of Grace Hopper (head and shoulders): the only
    # real person image available offline.
    cbook = pytest.importorskip("matplotlib.cbook")
    image_module = pytest.importorskip("matplotlib.image")
    with cbook.get_sample_data("grace_hopper.jpg") as photo:
        rgb = image_module.imread(photo, format="jpg")[..., :3]

    poses = detect_pose_landmarks(bundle, rgb)

    assert len(poses) == 1
    nose, left_shoulder, right_shoulder = poses[0][0], poses[0][11], poses[0][12]
    assert 0.4 < nose.x < 0.7 and 0.25 < nose.y < 0.55
    assert left_shoulder.y > nose.y and right_shoulder.y > nose.y
    assert right_shoulder.x < nose.x < left_shoulder.x
