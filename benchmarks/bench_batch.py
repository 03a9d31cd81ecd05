"""Throughput of `posecoach batch` with 1 and N workers, and of scoring again from landmarks files.

    python benchmarks/bench_batch.py [--clips 8] [--workers N] [--model full] [--ray] [--landmarks-dir DIR] [--runs 3]

Runs the sample clips (the first ``--clips`` of them, each with the exercise in its truth file) as one
batch with 1 worker and one with N (default: one per core), each into a fresh folder, then scores the
saved landmarks again (best of ``--runs``). Prints wall time, video seconds analysed per wall second, the
speed-up of N workers over 1, the per-video cost in CPU seconds per minute of video, and the re-scoring
speed as a multiple of real time, by the wall clock and by CPU time (the steadier figure on a busy
machine). With ``--landmarks-dir`` the N-worker batch keeps the landmarks there, and when they are there
already both batches are skipped: only re-scoring is measured. Numbers only: nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from posecoach.batch import BatchItem, LocalPool, RayCluster, TaskOptions, run_batch
from posecoach.parallel import default_workers
from posecoach.report import analyze_video
from posecoach.sources import VideoFileSource

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_videos"


def sample_items(count: int) -> list[BatchItem]:
    items = []
    for truth in sorted(SAMPLES.glob("*.truth.json")):
        exercise = json.loads(truth.read_text())["exercise"]
        if exercise:  # the empty room has none
            items.append(BatchItem(truth.with_name(truth.name.removesuffix(".truth.json") + ".mp4"), exercise))
    return items[:count]


def timed_batch(items: list[BatchItem], out: Path, workers: int, options: TaskOptions, ray: bool) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the worker processes (local pool only; Ray's workers are not ours)."""
    backend = RayCluster(None, workers) if ray else LocalPool(workers)
    try:
        cpu_before = _children_cpu_s()
        started = time.perf_counter()
        outcome = run_batch(items, out, backend, options)
        elapsed = time.perf_counter() - started
    finally:
        backend.close()  # joins the pool, so its CPU time is counted
    assert outcome.failed == 0, (out / "summary.csv").read_text()
    return elapsed, _children_cpu_s() - cpu_before


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--ray", action="store_true", help="run the N-worker batch on a local Ray instance")
    parser.add_argument("--landmarks-dir", type=Path, help="keep the landmarks here; if they are here, only re-score")
    parser.add_argument("--runs", type=int, default=3, help="re-scoring passes; the best is printed")
    args = parser.parse_args()

    items = sample_items(args.clips)
    infos = [VideoFileSource(item.input).info for item in items]
    video_s = sum(info.duration_s for info in infos)
    frames = sum(info.frame_count for info in infos)
    print(f"{len(items)} sample clips, {video_s:.0f} s of video ({frames} frames, 640x480); model: {args.model}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        many_dir = args.landmarks_dir or Path(tmp) / "many"
        landmarks = [BatchItem(kept_landmarks(many_dir, item), item.exercise) for item in items]
        if not all(item.input.is_file() for item in landmarks):
            compare_batches(items, Path(tmp), many_dir, args, video_s)
        size_mb = sum(path.input.stat().st_size for path in landmarks) / 2**20
        wall, cpu = rescore(landmarks, args.runs)
        print(
            f"re-scoring        {wall:7.2f} s  {frames / wall:7.0f} frames/s  = {video_s / wall:5.1f} x real time "
            f"(one process, best of {args.runs}; target >= 50); CPU {cpu:.2f} s = {video_s / cpu:5.1f} x real time; "
            f"landmarks {1024 * size_mb / frames:.2f} KB a frame"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def kept_landmarks(folder: Path, item: BatchItem) -> Path:
    """The landmarks of ``item`` in ``folder``: as a batch names them, or CLIP.jsonl.gz (``analyze --landmarks``)."""
    by_batch = folder / f"{item.stem}.jsonl.gz"
    by_clip = folder / f"{item.input.stem}.jsonl.gz"
    return by_clip if by_clip.is_file() and not by_batch.is_file() else by_batch


def compare_batches(items: list[BatchItem], tmp: Path, many_dir: Path, args: argparse.Namespace, video_s: float) -> None:
    """The batch with 1 worker and with ``args.workers``; the second keeps its landmarks in ``many_dir``."""
    one, one_cpu = timed_batch(items, tmp / "one", 1, TaskOptions(model=args.model), ray=False)
    options = TaskOptions(model=args.model, landmarks_dir=str(many_dir))
    many, _ = timed_batch(items, many_dir, args.workers, options, ray=args.ray)
    print(f"batch, 1 worker   {one:7.1f} s  {video_s / one:5.2f} video-s per s")
    engine = "Ray" if args.ray else "local pool"
    print(
        f"batch, {args.workers} workers  {many:7.1f} s  {video_s / many:5.2f} video-s per s  "
        f"= {one / many:.2f} x 1 worker ({engine}; target >= 1.8 with 2)"
    )
    print(
        f"per-video cost    {60.0 * one_cpu / video_s:5.1f} CPU-s per minute of video "
        f"(1 worker: model load and start-up included, {one_cpu / len(items):.1f} CPU-s per clip)"
    )


def rescore(landmarks: list[BatchItem], runs: int) -> tuple[float, float]:
    """The best wall and CPU seconds of ``runs`` passes scoring every landmarks file again."""
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        wall_started, cpu_started = time.perf_counter(), time.process_time()
        for item in landmarks:
            analyze_video(item.input, item.exercise)
        best_wall = min(best_wall, time.perf_counter() - wall_started)
        best_cpu = min(best_cpu, time.process_time() - cpu_started)
    return best_wall, best_cpu


if __name__ == "__main__":
    main()
