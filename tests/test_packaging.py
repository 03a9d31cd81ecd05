import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_a_non_editable_wheel_carries_the_models_and_every_exercise(tmp_path):
    # built the way `pip install .` builds it: in an isolated environment with the declared backend
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("posecoach-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in (REPO / "models").glob("*.task"):
        assert f"posecoach/models/{model.name}" in names
    for module in (REPO / "posecoach" / "exercises").glob("*.py"):
        assert f"posecoach/exercises/{module.name}" in names
    for module in (REPO / "posecoach" / "app").glob("*.py"):
        assert f"posecoach/app/{module.name}" in names
    assert any(name.endswith("entry_points.txt") for name in names)
