import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from posecoach.cli import main
from videos import write_video

REPO = Path(__file__).resolve().parent.parent


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
    assert re.search(r"view: [a-z/]*side;", out) and "hold" in out and "reps" in out
    assert "parallel_knee_deg = 95 deg" in out
    assert "Stop if it hurts" in out


def _text(path):
    path.write_text("hello")
    return path


def _copy(source, path):
    path.write_bytes(source.read_bytes())
    return path


def _folder(path):
    path.mkdir()
    return path


def _truncated_mp4(path):
    data = write_video(path, 30).read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the index (moov) is at the end: nothing can be read
    return path


PHOTO = REPO / "docs" / "images" / "squat_side_clean.jpg"

#: (arguments, the message's telling part); every case: exit 2, no traceback, exactly one line on stderr.
BAD_INPUT = {
    "missing file": (lambda d: [str(d / "missing.mp4"), "-e", "squat"], "No such file"),
    "text file named .mp4": (lambda d: [str(_text(d / "notes.mp4")), "-e", "squat"], "Cannot"),
    "empty file": (lambda d: [str(_copy(Path(os.devnull), d / "empty.mov")), "-e", "squat"], "Cannot"),
    "video without frames": (lambda d: [str(write_video(d / "empty.mp4", 0)), "-e", "squat"], "Cannot"),
    "truncated mp4": (lambda d: [str(_truncated_mp4(d / "cut.mp4")), "-e", "squat"], "Cannot"),
    "JPEG renamed .mp4": (lambda d: [str(_copy(PHOTO, d / "photo.mp4")), "-e", "squat"], "is a JPEG photo, not a video"),
    "a folder as input": (lambda d: [str(_folder(d / "clips")), "-e", "squat"], "Not a file"),
    "unknown exercise": (lambda d: [str(write_video(d / "clip.mp4", 5)), "-e", "pilates"], "Unknown exercise 'pilates'"),
    "unknown model": (lambda d: [str(d / "clip.mp4"), "-e", "squat", "--model", "huge"], "invalid choice: 'huge'"),
    "no exercise": (lambda d: [str(d / "clip.mp4")], "required: --exercise"),
    "--json into a missing folder": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--json", str(d / "no" / "r.json")], "does not exist"),
    "--csv into a missing folder": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--csv", str(d / "no" / "r.csv")], "does not exist"),
    "--json is a folder": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--json", str(d)], "is a folder"),
    "--annotate under a file": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--annotate", str(d / "c.mp4" / "o.mp4")], "not a folder"),
    "--annotate is the input": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--annotate", str(d / "c.mp4")], "is the input video"),
    "--json is the input by another name": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--json", str(d / "." / "c.mp4")], "is the input video"),
    "--annotate as .gif": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--annotate", str(d / "o.gif")], "Cannot write o.gif"),
    "--json and --csv the same file": (lambda d: [str(write_video(d / "c.mp4", 5)), "-e", "squat", "--json", str(d / "r.txt"), "--csv", str(d / "r.txt")], "the same file"),
}


def run_posecoach(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posecoach", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_exits_2_with_one_line_before_any_work(tmp_path: Path, case: str):
    make_args, message = BAD_INPUT[case]
    args = make_args(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = run_posecoach("analyze", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and result.stderr.startswith("posecoach: error:")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before  # nothing written or lost


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere, so an unwritable folder cannot be made")
def test_an_unwritable_output_folder_is_refused(tmp_path: Path):
    locked = _folder(tmp_path / "locked")
    locked.chmod(0o500)
    result = run_posecoach("analyze", str(write_video(tmp_path / "c.mp4", 5)), "-e", "squat", "--json", str(locked / "r.json"))
    assert result.returncode == 2 and "no permission" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.model
def test_a_cut_short_video_is_analysed_as_far_as_it_decodes_with_one_warning(tmp_path: Path):
    """A .mkv streams without an index at the end, so half of one still decodes: the part read is analysed and
    the user is told how much of the stated length that was; native decoder and model logs stay silent."""
    import cv2

    clip = tmp_path / "squats.mkv"
    capture = cv2.VideoCapture(str(REPO / "sample_videos" / "squat_side_clean.mp4"))
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"VP80"), 30.0, (640, 360))
    for _ in range(90):
        ok, image = capture.read()
        assert ok
        writer.write(cv2.resize(image, (640, 360)))
    writer.release()
    capture.release()
    data = clip.read_bytes()
    clip.write_bytes(data[: len(data) // 2])
    result = run_posecoach("analyze", str(clip), "-e", "squat", "--json", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("posecoach: warning: only ") and "of the 3.0 s that squats.mkv states" in warning
    assert json.loads((tmp_path / "r.json").read_text())["frames"] < 60


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


@pytest.mark.model
def test_analysing_a_video_reaches_nothing_beyond_loopback(tmp_path: Path):
    """MediaPipe posts usage statistics when a landmarker is created unless posecoach blocks it: no lookup, no connection."""
    from network_trace import non_loopback_calls, strace_prefix

    trace = tmp_path / "network.trace"
    clip = REPO / "sample_videos" / "empty_room.mp4"  # the landmarker is created and runs; nobody is found
    result = subprocess.run([*strace_prefix(trace), sys.executable, "-m", "posecoach", "analyze", str(clip), "-e", "squat", "-q"],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2 and "Nobody was found" in result.stderr
    text = trace.read_text()
    assert 'sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")' in text  # the blocked usage report: the check saw it
    assert non_loopback_calls(text) == []


def test_the_trace_check_flags_lookups_and_internet_addresses():
    from network_trace import non_loopback_calls

    lines = [
        '12 connect(6, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '12 connect(6, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0',
        '12 connect(6, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("8.8.8.8")}, 16) = 0',
        '12 connect(6, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2a00:1450::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
        '12 connect(6, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED',
        '12 connect(7, {sa_family=AF_UNIX, sun_path="/run/x"}, 110) = 0',
    ]
    assert non_loopback_calls("\n".join(lines)) == lines[:4]
