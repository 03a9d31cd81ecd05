import json
import subprocess
import sys

import pytest

from posecoach.cli import main
from videos import write_video


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_exercises_lists_every_exercise_with_kind_view_and_how_to(capsys):
    code, out, _ = run_cli(capsys, "exercises", "--thresholds")
    assert code == 0
    for name in ("squat", "glute_bridge", "hip_flexor_stretch", "side_lying_leg_raise", "clamshell", "fire_hydrant",
                 "bird_dog", "donkey_kick", "superman", "hip_thrust", "bridge_pelvic_roll"):
        assert f"{name}  (" in out, name
    assert out.count("How to:") == out.count("Camera:") == out.count("target:") >= 12
    assert "sides: blocked" in out and "Position: lying on your side" in out
    assert "view: side" in out and "hold" in out and "reps" in out
    assert "parallel_knee_deg = 95 deg" in out
    assert "Stop if it hurts" in out


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda d: [str(d / "missing.mp4"), "-e", "squat"], "No such file"),
        (lambda d: [str(_text(d / "notes.mp4")), "-e", "squat"], "Cannot"),
        (lambda d: [str(write_video(d / "empty.mp4", 0)), "-e", "squat"], "Cannot"),
        (lambda d: [str(write_video(d / "clip.mp4", 5)), "-e", "pilates"], "Unknown exercise 'pilates'"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, make_args, message):
    code, out, err = run_cli(capsys, "analyze", *make_args(tmp_path))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("posecoach: error:")


def _text(path):
    path.write_text("hello")
    return path


@pytest.mark.model
def test_a_video_with_nobody_says_so(tmp_path, capsys):
    code, _, err = run_cli(capsys, "analyze", str(write_video(tmp_path / "wall.mp4", 20)), "-e", "squat", "-q")
    assert code == 2
    assert "Nobody was found" in err


def test_no_traceback_reaches_the_user(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "posecoach", "analyze", str(tmp_path / "nope.mp4"), "--exercise", "squat"],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "No such file" in result.stderr


def test_unknown_model_variant_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "x.mp4", "-e", "squat", "--model", "huge"])
    assert exit_info.value.code == 2
