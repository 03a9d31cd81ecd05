"""The ``posecoach`` command line: analyse recorded videos, evaluate on labelled clips, list exercises."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from posecoach.exercises import UnknownExercise, all_exercises, get_exercise
from posecoach.pose import ModelError, ModelVariant, quiet_native_logs
from posecoach.sources import NATIVE_LOGS_ENV, SourceError


class UsageError(Exception):
    """A command line that cannot work (e.g. an output path that cannot be written): one line for the user."""


class _Progress:
    """A one-line progress bar on stderr (only when it is a terminal or forced)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or (done % 15 and done != total):
            return
        fraction = min(done / max(total, 1), 1.0)
        bar = "#" * int(30 * fraction)
        sys.stderr.write(f"\r  [{bar:<30}] {100 * fraction:5.1f}%  frame {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def cmd_analyze(args: argparse.Namespace) -> int:
    from posecoach.overlay import CoachOverlay
    from posecoach.landmark_store import is_landmark_file
    from posecoach.parallel import NO_PICTURES, default_workers
    from posecoach.report import analyze_video
    from posecoach.video_out import VideoWriter

    from posecoach.sources import VideoFileSource, decoded_shortfall

    exercise = get_exercise(args.exercise)
    from_landmarks = is_landmark_file(args.video)
    if args.annotate and from_landmarks:
        raise SourceError(NO_PICTURES)
    # A missing or unreadable video fails here, before any work; a landmarks file is checked as it is read.
    info = None if from_landmarks else VideoFileSource(args.video).info
    outputs = {"--json": args.json, "--csv": args.csv, "--annotate": args.annotate, "--landmarks": args.landmarks}
    check_outputs(Path(args.video), outputs)
    writer = None
    on_frame = None
    if args.annotate and info is not None:
        writer = VideoWriter(args.annotate, info.fps)
        overlay = CoachOverlay(exercise)

        def on_frame(result: Any, frame: Any) -> None:
            writer.write(overlay.annotate(frame.image.copy(), result))

    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = analyze_video(
            args.video,
            exercise,
            args.model,
            on_frame=on_frame,
            progress=progress,
            workers=args.workers or default_workers(),
            landmarks_out=args.landmarks,
        )
    finally:
        if writer is not None:
            writer.close()
    print(report.summary_text())
    if info is not None and (shortfall := decoded_shortfall(info, report.frames)) is not None:
        print(f"posecoach: warning: {shortfall}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(report.to_json() + "\n")
        print(f"  report written to {args.json}")
    if args.csv:
        Path(args.csv).write_text(report.table_csv())
    if args.annotate:
        print(f"  annotated video written to {args.annotate}")
    if args.landmarks:
        print(f"  landmarks written to {args.landmarks}")
    return 0


def check_outputs(video: Path, outputs: dict[str, str | None]) -> None:
    """Every output path can be written and names neither the input nor another output; raises ``UsageError``."""
    seen: dict[Path, str] = {}
    for flag, value in outputs.items():
        if not value:
            continue
        path = Path(value)
        folder = path.parent
        if path.is_dir():
            raise UsageError(f"{flag} {value} is a folder: give a file name inside it.")
        if not folder.exists():
            raise UsageError(f"{flag} {value}: the folder {folder} does not exist.")
        if not folder.is_dir():
            raise UsageError(f"{flag} {value}: {folder} is a file, not a folder.")
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise UsageError(f"{flag} {value}: no permission to write there.")
        resolved = path.resolve()
        if resolved == video.resolve() or (path.exists() and os.path.samefile(path, video)):
            raise UsageError(f"{flag} {value} is the input video: writing it would destroy the input; choose another name.")
        if resolved in seen:
            raise UsageError(f"{flag} and {seen[resolved]} name the same file {value}: give each its own.")
        seen[resolved] = flag


def cmd_batch(args: argparse.Namespace) -> int:
    from posecoach.batch import LocalPool, RayCluster, TaskOptions, plan_items, run_batch
    from posecoach.parallel import default_workers

    items = plan_items(args.inputs, args.exercise, args.mapping)
    out_dir = Path(args.out)
    workers = args.workers or default_workers()
    use_ray = args.ray or args.ray_address is not None
    backend = RayCluster(args.ray_address, workers) if use_ray else LocalPool(workers)
    options = TaskOptions(model=args.model, landmarks_dir=str(out_dir.resolve()) if args.landmarks else None)
    try:
        outcome = run_batch(items, out_dir, backend, options, show_progress=not args.quiet and sys.stderr.isatty())
    finally:
        backend.close()
    print(
        f"{outcome.analysed} analysed, {outcome.skipped} done before (skipped), {outcome.failed} failed; "
        f"summary: {outcome.summary}"
    )
    return 1 if outcome.failed else 0


def cmd_exercises(args: argparse.Namespace) -> int:
    for exercise in all_exercises().values():
        views = "/".join(sorted(view.value for view in exercise.views))
        sides = getattr(exercise, "sides", None)
        per_side = f"; sides: {sides.value}" if sides is not None and sides.value != "none" else ""
        print(f"{exercise.name}  ({exercise.kind}; view: {views}{per_side}; target: {exercise.target})")
        print(f"    How to: {exercise.how_to}")
        print(f"    Camera: {exercise.camera}")
        if exercise.orientations:
            print(f"    Position: {', '.join(sorted(o.words for o in exercise.orientations))}")
        if args.thresholds:
            for threshold in exercise.thresholds():
                print(f"    - {threshold}: {threshold.why}")
    print(f"\nSafety: {next(iter(all_exercises().values())).safety}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from posecoach.evaluation import evaluate, evaluate_perturbed, format_perturbed_table, format_table

    landmarks = Path(args.landmarks) if args.landmarks else None
    if args.perturb:
        with tempfile.TemporaryDirectory(prefix="posecoach-perturb-") as folder:
            perturbed = evaluate_perturbed(Path(args.labels), landmarks or Path(folder), args.model, args.only, not args.quiet)
            print(format_perturbed_table(perturbed))
        return 0
    results = evaluate(Path(args.labels), variant=args.model, only=args.only, progress=not args.quiet, landmarks_dir=landmarks)
    print(format_table(results))
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one line too (its usage block is one ``--help`` away)."""

    def error(self, message: str) -> Any:
        self.exit(2, f"posecoach: error: {message} (see: {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="posecoach", description="Pose-checking exercise coach.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", action="store_true", help="show the native libraries' log lines and full tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", parents=[common], help="count reps, time holds and check form in a recorded video")
    analyze.add_argument("video", help="a video, or a landmarks file (.jsonl.gz) to score again without the model")
    analyze.add_argument("--exercise", "-e", required=True, help="see `posecoach exercises`")
    analyze.add_argument("--model", choices=[v.value for v in ModelVariant], default="full")
    analyze.add_argument("--json", metavar="FILE", help="write the full report as JSON")
    analyze.add_argument("--csv", metavar="FILE", help="write the per-rep table (per-hold for a stretch) as CSV")
    analyze.add_argument("--annotate", metavar="OUT", help="write the video with the overlay (.mp4 or .webm)")
    analyze.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    analyze.add_argument(
        "--workers", type=_positive_int, metavar="N", help="pose processes on time segments (default: one per core; 1 = one pass)"
    )
    analyze.add_argument("--landmarks", metavar="OUT.jsonl.gz", help="also save every frame's landmarks, to score again later")
    analyze.set_defaults(run=cmd_analyze)

    batch = commands.add_parser(
        "batch", parents=[common], help="analyse many videos or landmarks files: one report each and a summary CSV (resumable)"
    )
    batch.add_argument("inputs", nargs="*", metavar="INPUT", help="videos or landmarks files (.jsonl.gz)")
    batch.add_argument("--exercise", "-e", help="the exercise for the INPUTs (see `posecoach exercises`)")
    batch.add_argument("--mapping", metavar="FILE.csv", help="a CSV with 'file' and 'exercise' columns")
    batch.add_argument("--out", required=True, metavar="DIR", help="reports and summary.csv go here")
    batch.add_argument("--model", choices=[v.value for v in ModelVariant], default="full")
    batch.add_argument("--workers", type=_positive_int, metavar="N", help="videos at a time (default: one per core)")
    batch.add_argument("--landmarks", action="store_true", help="also save each video's landmarks in DIR")
    batch.add_argument("--ray", action="store_true", help="run the tasks on Ray (a local instance unless --ray-address)")
    batch.add_argument("--ray-address", metavar="ADDR", help="a running Ray cluster, e.g. ray://head:10001 (implies --ray)")
    batch.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    batch.set_defaults(run=cmd_batch)

    exercises = commands.add_parser("exercises", parents=[common], help="list the exercises with their kind, view and how-to")
    exercises.add_argument("--thresholds", action="store_true", help="also list each exercise's named thresholds")
    exercises.set_defaults(run=cmd_exercises)

    evaluate = commands.add_parser("eval", parents=[common], help="compare counted reps with hand-counted labels (labels.json)")
    evaluate.add_argument("labels", help="a labels.json beside the clips it lists")
    evaluate.add_argument("--model", choices=[v.value for v in ModelVariant], default="full")
    evaluate.add_argument("--only", nargs="*", help="clip file names to include")
    evaluate.add_argument("--landmarks", metavar="DIR", help="keep each clip's landmarks in DIR; a later run scores them without the model")
    evaluate.add_argument(
        "--perturb", action="store_true",
        help="also count each clip mirrored, with the camera rolled, the person further away, at half the frame rate, "
        "slower, faster and with noisier landmarks: a count that moves depends on how the clip was filmed",
    )
    evaluate.add_argument("--quiet", "-q", action="store_true")
    evaluate.set_defaults(run=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        os.environ[NATIVE_LOGS_ENV] = "1"
    with quiet_native_logs():  # an error stays one line; --verbose set $POSECOACH_NATIVE_LOGS above
        try:
            return args.run(args)
        except (SourceError, ModelError, UnknownExercise, UsageError) as error:
            print(f"posecoach: error: {_one_line(error)}", file=sys.stderr)
            return 2
        except OSError as error:  # e.g. the disk filled up while writing an output
            print(f"posecoach: error: {_one_line(error)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("posecoach: interrupted", file=sys.stderr)
            return 130
        except Exception as error:
            if args.verbose:
                raise
            print(f"posecoach: error: unexpected {type(error).__name__}: {_one_line(error)} (--verbose shows the details)",
                  file=sys.stderr)
            return 1


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
