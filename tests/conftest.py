import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
sys.path.insert(0, str(TESTS))  # for the shared `synthetic` skeleton module

DEV_VIDEOS = REPO.parent / "shared" / "videos"
SAMPLE_VIDEOS = REPO / "sample_videos"


@pytest.fixture(scope="session")
def dev_videos() -> Path:
    if not (DEV_VIDEOS / "labels.json").is_file():
        pytest.skip("../shared/videos (the dev set) is not present")
    return DEV_VIDEOS
