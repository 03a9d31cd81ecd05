"""Speed and memory of the video path, in one run on the same clip.

    python benchmarks/bench_pipeline.py [--clip VIDEO] [--model full] [--long-minutes 20]

Prints decode-only fps, pose-only fps (frames already decoded), full pipeline fps (decode + pose +
kinematics + checker), `analyze` speed as a multiple of real time, and the peak RSS of `posecoach
analyze` on a 1-minute and a long clip made by looping the input. The clip is first scaled to
1280x720 at 30 fps, the case the targets are written for.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2

from posecoach.exercises import get_exercise
from posecoach.pipeline import CoachSession
from posecoach.pose import PoseEstimator, PoseOptions
from posecoach.sources import VideoFileSource

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CLIP = REPO / "sample_videos" / "squat_side_clean.mp4"


def make_clip(source: Path, out: Path, seconds: float, size: tuple[int, int] = (1280, 720), fps: float = 30.0) -> Path:
    """Loop ``source`` (scaled to ``size``) into a ``seconds``-long clip at ``fps``."""
    frames = [cv2.resize(frame.image, size) for frame in VideoFileSource(source, max_side_px=None)]
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for index in range(int(seconds * fps)):
        cycle, offset = divmod(index, len(frames))
        writer.write(frames[offset if cycle % 2 == 0 else len(frames) - 1 - offset])  # ping-pong: no jump
    writer.release()
    return out


def decode_fps(clip: Path) -> float:
    started = time.perf_counter()
    count = sum(1 for _ in VideoFileSource(clip))
    return count / (time.perf_counter() - started)


def pose_fps(clip: Path, model: str, limit: int = 600) -> float:
    frames = [frame for _, frame in zip(range(limit), VideoFileSource(clip))]
    with PoseEstimator(PoseOptions(variant=model)) as estimator:
        estimator.estimate(frames[0])  # warm-up
        started = time.perf_counter()
        for frame in frames[1:]:
            estimator.estimate(frame)
        return (len(frames) - 1) / (time.perf_counter() - started)


def pipeline_fps(clip: Path, model: str, limit: int = 600) -> tuple[float, float]:
    """Full pipeline fps and its multiple of real time."""
    source = VideoFileSource(clip)
    with PoseEstimator(PoseOptions(variant=model)) as estimator:
        session = CoachSession(get_exercise("squat"), estimator)
        started = time.perf_counter()
        count = 0
        for frame in source:
            session.process(frame)
            count += 1
            if count >= limit:
                break
        fps = count / (time.perf_counter() - started)
    return fps, fps / source.info.fps


PEAK_RSS_CHILD = """
import sys
from posecoach.report import analyze_video
analyze_video(sys.argv[1], "squat", sys.argv[2])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM"):
        print(int(line.split()[1]) // 1024)
"""


def peak_rss_mb(clip: Path, model: str) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK_RSS_CHILD, str(clip), model], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--long-minutes", type=float, default=20.0)
    parser.add_argument("--skip-rss", action="store_true", help="only the speed figures")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        clip = make_clip(args.clip, Path(tmp) / "bench_720p.mp4", seconds=20.0)
        decode = decode_fps(clip)
        pose = pose_fps(clip, args.model)
        pipeline, realtime = pipeline_fps(clip, args.model)
        print(f"clip: {args.clip.name} looped to 20 s at 1280x720, 30 fps; model: {args.model}")
        print(f"decode only      {decode:7.1f} fps")
        print(f"pose only        {pose:7.1f} fps")
        print(f"full pipeline    {pipeline:7.1f} fps  = {pipeline / pose:.2f} x pose-only (target >= 0.85)")
        print(f"analyze speed    {realtime:7.2f} x real time (target >= 1.5)")
        if args.skip_rss:
            return
        short = make_clip(args.clip, Path(tmp) / "one_minute.mp4", seconds=60.0)
        short_rss = peak_rss_mb(short, args.model)
        print(f"peak RSS, 1-minute clip          {short_rss:5d} MB")
        short.unlink()
        long = make_clip(args.clip, Path(tmp) / "long.mp4", seconds=60.0 * args.long_minutes)
        long_rss = peak_rss_mb(long, args.model)
        print(f"peak RSS, {args.long_minutes:g}-minute clip {long_rss:9d} MB  (difference {long_rss - short_rss:+d} MB; target within 50)")


if __name__ == "__main__":
    main()
