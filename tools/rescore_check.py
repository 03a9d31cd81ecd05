"""Check that a change to kinematics, the checker or the landmarks reader leaves every analysis unchanged.

    python tools/rescore_check.py dump LANDMARKS_DIR OUT.json [--jobs 2]
    python tools/rescore_check.py compare BEFORE.json AFTER.json

``dump`` scores every landmarks file in LANDMARKS_DIR (``*.jsonl.gz``, e.g. made with
``posecoach analyze CLIP -e NAME --landmarks DIR/CLIP.jsonl.gz``) with every registered exercise and
writes each report (reps, attempts, faults, rep times, peak angles, holds, the plotted signal) plus every
frame's body measures (angles, lengths, view, near side, orientation, landmark positions) to OUT.json.
``compare`` prints every difference beyond 1e-9 between two dumps and exits 1 if there is any. Dump once
before a change and once after it.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from posecoach.exercises import all_exercises
from posecoach.kinematics import BodyMeasures, BodyTracker
from posecoach.landmark_store import LandmarkFile
from posecoach.report import analyze_video

TOLERANCE = 1e-9
#: Report keys that measure the machine, not the analysis.
UNSTABLE_KEYS = {"processing_fps", "video"}


def _plain(value: Any) -> Any:
    """JSON-ready, NaN kept as the string "nan" so that it compares equal to itself."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, (float, np.floating)):
        return "nan" if math.isnan(value) else float(value)
    if isinstance(value, dict):
        return {str(_plain(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    return value


def measures_of(measures: BodyMeasures) -> dict[str, Any]:
    plain = {field.name: getattr(measures, field.name) for field in fields(measures) if field.name != "pose"}
    return _plain(plain)


def clip_dump(path: Path) -> dict[str, Any]:
    tracker = BodyTracker()
    frames = [measures_of(tracker.update(record.pose, record.timestamp_s)) for record in LandmarkFile(path)]
    reports = {}
    for name in all_exercises():
        report = analyze_video(path, name)
        data = {key: value for key, value in report.to_dict().items() if key not in UNSTABLE_KEYS}
        data["series"] = {"name": report.series.name, "times_s": report.series.times_s, "values": report.series.values}
        reports[name] = _plain(data)
    return {"measures": frames, "reports": reports}


def dump(folder: Path, out: Path, jobs: int) -> None:
    paths = sorted(folder.glob("*.jsonl.gz"))
    if not paths:
        sys.exit(f"No landmarks files in {folder}")
    with ProcessPoolExecutor(jobs) as pool:
        dumps = dict(zip((path.name for path in paths), pool.map(clip_dump, paths)))
    out.write_text(json.dumps(dumps))
    print(f"{len(paths)} clips x {len(all_exercises())} exercises -> {out}")


def differences(before: Any, after: Any, where: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        found = [f"{where}/{key}: only in one" for key in sorted(set(before) ^ set(after))]
        for key in before.keys() & after.keys():
            found += differences(before[key], after[key], f"{where}/{key}")
        return found
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{where}: length {len(before)} != {len(after)}"]
        return [line for index, (a, b) in enumerate(zip(before, after)) for line in differences(a, b, f"{where}[{index}]")]
    numbers = (int, float)
    if isinstance(before, numbers) and isinstance(after, numbers) and not isinstance(before, bool):
        return [] if math.isclose(before, after, rel_tol=TOLERANCE, abs_tol=TOLERANCE) else [f"{where}: {before!r} != {after!r}"]
    return [] if before == after else [f"{where}: {before!r} != {after!r}"]


def compare(before_path: Path, after_path: Path) -> int:
    before, after = json.loads(before_path.read_text()), json.loads(after_path.read_text())
    found = differences(before, after)
    for line in found[:50]:
        print(line)
    exact = before_path.read_bytes() == after_path.read_bytes()
    print(f"{len(found)} differences beyond {TOLERANCE:g} ({'byte-for-byte identical' if exact else 'not byte-identical'})")
    return 1 if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("folder", type=Path)
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--jobs", type=int, default=1)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.folder, args.out, args.jobs)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
