import shutil
import subprocess

import numpy as np
import pytest

from posecoach.sources import LiveClock, SourceError, VideoFileSource, frames_from_images, read_image
from videos import write_video


def test_streams_every_frame_with_increasing_timestamps(tmp_path):
    source = VideoFileSource(write_video(tmp_path / "clip.mp4", 45, fps=30.0))
    frames = list(source)
    assert len(frames) == 45
    assert source.info.fps == pytest.approx(30.0)
    times = [f.timestamp_s for f in frames]
    assert times[0] == pytest.approx(0.0, abs=1e-6)
    assert all(b > a for a, b in zip(times, times[1:]))
    assert times[-1] == pytest.approx(44 / 30, abs=0.01)
    assert frames[0].size == (320, 240)


def test_iterating_is_lazy_and_repeatable(tmp_path):
    source = VideoFileSource(write_video(tmp_path / "clip.mp4", 10))
    iterator = iter(source)
    assert next(iterator).index == 0  # one frame decoded, not the whole file
    assert len(list(source)) == 10


def test_a_range_of_frames_has_the_indices_times_and_pictures_of_a_full_pass(tmp_path):
    source = VideoFileSource(write_video(tmp_path / "clip.mp4", 40))
    full = list(source)
    part = list(source.frames(start=12, stop=30))
    assert [f.index for f in part] == list(range(12, 30))
    assert [f.timestamp_s for f in part] == [f.timestamp_s for f in full[12:30]]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(part, full[12:30]))
    assert [f.index for f in source.frames(start=35)] == list(range(35, 40))


def test_4k_frames_are_scaled_down_and_portrait_stays_portrait(tmp_path):
    big = VideoFileSource(write_video(tmp_path / "uhd.mp4", 3, size=(3840, 2160)))
    assert (big.info.width, big.info.height) == (1280, 720)
    assert next(iter(big)).image.shape[:2] == (720, 1280)
    tall = VideoFileSource(write_video(tmp_path / "phone.mp4", 3, size=(480, 864)))
    assert tall.info.height > tall.info.width


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg (Debian package) is needed to write rotation metadata")
def test_phone_video_with_rotation_metadata_comes_out_upright(tmp_path):
    landscape = write_video(tmp_path / "raw.mp4", 5, size=(320, 180))
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(landscape), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(rotated)],
        check=True,
    )
    source = VideoFileSource(rotated)
    assert next(iter(source)).image.shape[:2] == (320, 180)  # height 320, width 180: upright


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.mp4", "No such file"),
        (lambda d: d, "Not a file"),
        (lambda d: _text_file(d / "notes.mp4"), "Cannot"),
        (lambda d: _empty_video(d / "empty.mp4"), "Cannot"),
        (lambda d: _truncated(d / "cut.mp4"), "Cannot"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, make, message):
    with pytest.raises(SourceError, match=message):
        VideoFileSource(make(tmp_path))


def _text_file(path):
    path.write_text("this is not a video\n")
    return path


def _empty_video(path):
    return write_video(path, 0)


def _truncated(path):
    full = write_video(path.with_name("full.mp4"), 30)
    path.write_bytes(full.read_bytes()[:600])
    return path


def test_read_image_and_errors(tmp_path):
    import cv2

    image_path = tmp_path / "still.png"
    cv2.imwrite(str(image_path), np.zeros((40, 60, 3), np.uint8))
    assert read_image(image_path).size == (60, 40)
    with pytest.raises(SourceError):
        read_image(_text_file(tmp_path / "x.png"))


def test_live_clock_timestamps_strictly_increase():
    clock = LiveClock()
    image = np.zeros((4, 4, 3), np.uint8)
    stamps = [clock.stamp(image, 1.0).timestamp_s for _ in range(3)]
    assert stamps[0] == 1.0 and stamps[1] > stamps[0] and stamps[2] > stamps[1]


def test_frames_from_images_uses_the_given_rate():
    frames = list(frames_from_images([np.zeros((4, 4, 3), np.uint8)] * 3, fps=10))
    assert [f.timestamp_s for f in frames] == [0.0, 0.1, 0.2]
