"""Count every rendered sample clip as filmed and as another camera or person would show it, from kept landmarks.

    python tools/perturb_samples.py LANDMARKS_DIR [NAME_PART ...]

``posecoach eval --perturb`` does this for the labelled real clips; this does it for ``sample_videos/``, whose truth
files say what should be counted. Each clip's landmarks are kept as LANDMARKS_DIR/NAME.jsonl.gz (made with the full
model when missing, ~10-30 s a clip) and every perturbation of ``posecoach.perturb`` (mirrored, camera rolled +-8 deg,
60% size, half frame rate, 25% slower, 20% faster, noisier landmarks) is scored from them (seconds a clip). Printed:
each clip whose count (reps, attempts), flagged faults (code@rep; not for the tempo changes, which change how long a
top is held by design) or held seconds per side (beyond 1 s; not for the tempo changes) moves under a perturbation,
and how many moved in all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from posecoach.perturb import PERTURBATIONS, kept_copies
from posecoach.report import AnalysisReport, NoPersonFound, analyze_video

SAMPLES = Path(__file__).resolve().parent.parent / "sample_videos"
TEMPO = {"slower", "faster"}
MIRRORED_SIDE = {"left": "right", "right": "left"}

Score = tuple[int, int, tuple[str, ...]] | dict[str, float] | None


def score(report: AnalysisReport, holds: bool, mirrored: bool = False) -> Score:
    if not holds:
        flags = sorted(f"{issue.code}@{rep.index}" for rep in report.rep_events for issue in rep.issues)
        return report.reps, report.attempts, tuple(flags)
    held = report.held_by_side()
    return {MIRRORED_SIDE.get(side, side) if mirrored else side: seconds for side, seconds in held.items()}


def moved(filmed: Score, perturbed: Score, perturbation: str) -> bool:
    if isinstance(filmed, tuple) and isinstance(perturbed, tuple):
        # a new tempo changes how long a top is held (a hold fault) by design: only the counts are compared there
        return perturbed[:2] != filmed[:2] if perturbation in TEMPO else perturbed != filmed
    if not isinstance(filmed, dict) or not isinstance(perturbed, dict):
        return perturbed != filmed
    if perturbation in TEMPO:
        return False
    return filmed.keys() != perturbed.keys() or any(abs(perturbed[side] - seconds) > 1.0 for side, seconds in filmed.items())


def main(landmarks_dir: Path, name_parts: list[str]) -> int:
    landmarks_dir.mkdir(parents=True, exist_ok=True)
    clips = moved_counts = 0
    for truth_path in sorted(SAMPLES.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        truth = json.loads(truth_path.read_text())
        if not truth.get("exercise") or (name_parts and not any(part in name for part in name_parts)):
            continue
        exercise, holds = truth["exercise"], bool(truth.get("holds"))
        kept = landmarks_dir / f"{name}.jsonl.gz"
        try:
            if kept.exists():
                filmed = score(analyze_video(kept, exercise), holds)
            else:
                filmed = score(analyze_video(SAMPLES / f"{name}.mp4", exercise, landmarks_out=kept), holds)
        except NoPersonFound:
            continue
        changes = {}
        for perturbation, copy in kept_copies(kept, lambda perturbation: landmarks_dir / f"{name}.{perturbation}.jsonl.gz"):
            perturbed = score(analyze_video(copy, exercise), holds, mirrored=perturbation == "mirror")
            if moved(filmed, perturbed, perturbation):
                changes[perturbation] = perturbed
        clips += 1
        moved_counts += len(changes)
        if changes:
            print(f"{name:45} {exercise:22} filmed {filmed}  moved {changes}", flush=True)
    print(f"{clips} clips, {clips * len(PERTURBATIONS)} perturbed counts, {moved_counts} moved")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
