"""The ``posecoach`` command line: analyse recorded videos, evaluate on labelled clips, list exercises."""

from __future__ import annotations

import argparse
import os
import sys
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
    from posecoach.report import analyze_video
    from posecoach.video_out import VideoWriter

    from posecoach.sources import VideoFileSource, decoded_shortfall

    exercise = get_exercise(args.exercise)
    info = VideoFileSource(args.video).info  # a missing or unreadable video fails here, before any work
    check_outputs(Path(args.video), {"--json": args.json, "--csv": args.csv, "--annotate": args.annotate})
    writer = None
    on_frame = None
    if args.annotate:
        writer = VideoWriter(args.annotate, info.fps)
        overlay = CoachOverlay(exercise)

        def on_frame(result: Any, frame: Any) -> None:
            writer.write(overlay.annotate(frame.image.copy(), result))

    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = analyze_video(args.video, exercise, args.model, on_frame=on_frame, progress=progress)
    finally:
        if writer is not None:
            writer.close()
    print(report.summary_text())
    if (shortfall := decoded_shortfall(info, report.frames)) is not None:
        print(f"posecoach: warning: {shortfall}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(report.to_json() + "\n")
        print(f"  report written to {args.json}")
    if args.csv:
        Path(args.csv).write_text(report.reps_csv())
    if args.annotate:
        print(f"  annotated video written to {args.annotate}")
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


def cmd_exercises(args: argparse.Namespace) -> int:
    for exercise in all_exercises().values():
        views = "/".join(sorted(view.value for view in exercise.views))
        print(f"{exercise.name}  ({exercise.kind}; view: {views}; target: {exercise.target})")
        print(f"    {exercise.how_to}")
        if args.thresholds:
            for threshold in exercise.thresholds():
                print(f"    - {threshold}: {threshold.why}")
    print(f"\nSafety: {next(iter(all_exercises().values())).safety}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from posecoach.evaluation import evaluate, format_table

    results = evaluate(Path(args.labels), variant=args.model, only=args.only, progress=not args.quiet)
    print(format_table(results))
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one line too (its usage block is one ``--help`` away)."""

    def error(self, message: str) -> Any:
        self.exit(2, f"posecoach: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="posecoach", description="Pose-checking exercise coach.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", action="store_true", help="show the native libraries' log lines and full tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", parents=[common], help="count reps, time holds and check form in a recorded video")
    analyze.add_argument("video")
    analyze.add_argument("--exercise", "-e", required=True, help="see `posecoach exercises`")
    analyze.add_argument("--model", choices=[v.value for v in ModelVariant], default="full")
    analyze.add_argument("--json", metavar="FILE", help="write the full report as JSON")
    analyze.add_argument("--csv", metavar="FILE", help="write the per-rep table as CSV")
    analyze.add_argument("--annotate", metavar="OUT", help="write the video with the overlay (.mp4 or .webm)")
    analyze.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    analyze.set_defaults(run=cmd_analyze)

    exercises = commands.add_parser("exercises", parents=[common], help="list the exercises with their kind, view and how-to")
    exercises.add_argument("--thresholds", action="store_true", help="also list each exercise's named thresholds")
    exercises.set_defaults(run=cmd_exercises)

    evaluate = commands.add_parser("eval", parents=[common], help="compare counted reps with hand-counted labels (labels.json)")
    evaluate.add_argument("labels", help="a labels.json beside the clips it lists")
    evaluate.add_argument("--model", choices=[v.value for v in ModelVariant], default="full")
    evaluate.add_argument("--only", nargs="*", help="clip file names to include")
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
