"""Speed and memory of the video path, in one run on the same clip.

    python benchmarks/bench_pipeline.py [--clip VIDEO] [--model full] [--long-minutes 20]

Prints decode-only fps, pose-only fps (frames already decoded), full pipeline fps (decode + pose +
kinematics + checker), the whole `posecoach analyze` command (start-up and model load included) as a
multiple of real time with 1 worker and with one per core, and the peak RSS of `posecoach analyze`
(main process and largest worker) on a 1-minute and a long clip made by looping the input. The clip is
first scaled to 1280x720 at 30 fps, the case the targets are written for.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2

from posecoach.exercises import get_exercise
from posecoach.parallel import default_workers
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
        session = CoachSession(get_exercise("squat"))
        started = time.perf_counter()
        count = 0
        for frame in source:
            session.process(frame, estimator.estimate(frame))
            count += 1
            if count >= limit:
                break
        fps = count / (time.perf_counter() - started)
    return fps, fps / source.info.fps


def analyze_command_realtime(clip: Path, model: str, workers: int, runs: int) -> tuple[list[float], list[float]]:
    """The whole `posecoach analyze` command, ``runs`` times: its speed as a multiple of the clip's
    duration, and the CPU seconds it used (all its processes) per second of video, which other work on
    the machine hardly changes."""
    duration_s = VideoFileSource(clip).info.duration_s
    command = [sys.executable, "-m", "posecoach", "analyze", str(clip), "-e", "squat", "--model", model, "--workers", str(workers), "-q"]
    speeds, cpu_per_video_s = [], []
    for _ in range(runs):
        cpu_before = _children_cpu_s()
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        speeds.append(duration_s / (time.perf_counter() - started))
        cpu_per_video_s.append((_children_cpu_s() - cpu_before) / duration_s)
    return speeds, cpu_per_video_s


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


PEAK_RSS_CHILD = """
import resource, sys
from posecoach.report import analyze_video
if __name__ == "__main__":
    analyze_video(sys.argv[1], "squat", sys.argv[2], workers=int(sys.argv[3]))
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            print(int(line.split()[1]) // 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def peak_rss_mb(clip: Path, model: str, workers: int) -> tuple[int, int]:
    """Peak RSS of the main process and of the largest child (a pose worker), in MB."""
    with tempfile.NamedTemporaryFile("w", suffix=".py") as script:  # spawned workers re-import the main module
        script.write(PEAK_RSS_CHILD)
        script.flush()
        result = subprocess.run([sys.executable, script.name, str(clip), model, str(workers)], capture_output=True, text=True, check=True)
    main_mb, child_mb = result.stdout.strip().splitlines()[-1].split()
    return int(main_mb), int(child_mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--long-minutes", type=float, default=20.0)
    parser.add_argument("--skip-rss", action="store_true", help="only the speed figures")
    parser.add_argument("--workers", type=int, default=default_workers(), help="for the all-cores figures")
    parser.add_argument("--runs", type=int, default=3, help="runs of the analyze command per worker count")
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
        print(f"pipeline speed   {realtime:7.2f} x real time, in-process, one landmarker")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (the figures below drop when other work shares the cores)")
        for workers in (1, args.workers):
            speeds, cpu = analyze_command_realtime(clip, args.model, workers, args.runs)
            target = "  (target >= 2.0)" if workers > 1 else ""
            print(
                f"analyze command, {workers} worker{'s' if workers > 1 else ' '}: "
                f"{' '.join(f'{x:.2f}' for x in speeds)} x real time (median {statistics.median(speeds):.2f}){target}; "
                f"CPU {statistics.median(cpu):.2f} s per video second"
            )
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.skip_rss:
            return
        short = make_clip(args.clip, Path(tmp) / "one_minute.mp4", seconds=60.0)
        long = make_clip(args.clip, Path(tmp) / "long.mp4", seconds=60.0 * args.long_minutes)
        for workers in (1, args.workers):
            short_main, short_worker = peak_rss_mb(short, args.model, workers)
            long_main, long_worker = peak_rss_mb(long, args.model, workers)
            workers_note = lambda mb: f" + {mb} MB per worker" if workers > 1 else ""  # noqa: E731
            print(
                f"peak RSS, {workers} worker(s): 1-minute clip {short_main} MB{workers_note(short_worker)}, "
                f"{args.long_minutes:g}-minute clip {long_main} MB{workers_note(long_worker)}; "
                f"difference {long_main - short_main:+d} / {long_worker - short_worker:+d} MB (target within 50)"
            )


if __name__ == "__main__":
    main()
