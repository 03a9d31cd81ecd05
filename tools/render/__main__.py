"""CLI: python -m tools.render build [--only NAME ...] [--out DIR]   (default: sample_videos/, staged clips tools/render/staging/)
        python -m tools.render list
        python -m tools.render preview NAME --frame N [--png PATH]
        python -m tools.render check [--only NAME ...] [--dir sample_videos]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")


def _all_clips() -> list:
    from .clips import CLIPS
    from .floor_clips import FLOOR_CLIPS
    from .dynamic_clips import DYNAMIC_CLIPS
    from .standing_clips import STANDING_CLIPS
    from .stretch_clips import STRETCH_CLIPS

    return CLIPS + FLOOR_CLIPS + STANDING_CLIPS + DYNAMIC_CLIPS + STRETCH_CLIPS


def _cmd_list() -> int:
    for spec in _all_clips():
        where = "  (staged)" if spec.staged else ""
        print(f"{spec.name:28s} {spec.camera.view:8s} {spec.camera.width}x{spec.camera.height} @{spec.fps:g}fps{where}")
    return 0


def _cmd_build(only: list[str], out: Path | None, truth_only: bool = False) -> int:
    from .build import build_clip
    from .floor_clips import STAGING

    clips = _all_clips()
    names = {c.name for c in clips}
    unknown = [n for n in only if n not in names]
    if unknown:
        print(f"unknown clip(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    for spec in clips:
        if only and spec.name not in only:
            continue
        folder = out or (STAGING if spec.staged else Path("sample_videos"))
        folder.mkdir(parents=True, exist_ok=True)
        res = build_clip(spec, folder, log=lambda s: print(s, flush=True), render=not truth_only)
        exp = res.truth.get("expected", {})
        print(
            f"{res.name}: {res.frames} frames, {res.mp4_bytes / 1e6:.2f} MB, {res.seconds:.0f} s; expected {exp}",
            flush=True,
        )
    return 0


def _cmd_preview(name: str, frame: int, png: Path, rep: int | None = None) -> int:
    import cv2

    from .body import AnnyBody
    from .build import _slice
    from .scene import BodyRenderer

    spec = next(c for c in _all_clips() if c.name == name)
    body = AnnyBody(spec.body) if spec.body is not None else None
    anim = spec.script.animate(body, spec.fps)
    if rep is not None:
        frame = anim.reps[rep - 1].peak_frame
    frame = min(frame, anim.frames - 1)
    verts = None
    if body is not None and anim.pose is not None:
        verts = body.pose(_slice(anim.pose, frame, frame + 1)).vertices[0]
    img = BodyRenderer(body, spec.camera, spec.room).render(verts)
    cv2.imwrite(str(png), img[..., ::-1])
    print(png)
    return 0


def _cmd_check(only: list[str], directory: Path, model: Path, markdown: Path | None) -> int:
    from .check import check_clip

    paths = sorted(directory.glob("*.truth.json"))
    for path in paths:
        name = path.name[: -len(".truth.json")]
        if only and name not in only:
            continue
        result = check_clip(path, model)
        print(result.line(), flush=True)
        if result.floor_rows:
            print("\n".join(result.floor_rows), flush=True)
            if markdown is not None:
                with markdown.open("a") as f:
                    f.write(f"\n#### `{name}`: detected {result.detected:.1%}, 2D error {result.px_error:.1f} px\n\n")
                    f.write("\n".join(result.floor_rows) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.render", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="render clips (all, or --only NAME ...)")
    b.add_argument("--only", nargs="*", default=[])
    b.add_argument("--out", type=Path, default=None, help="default: sample_videos/ (staged clips: tools/render/staging/)")
    b.add_argument("--truth-only", action="store_true", help="rewrite the truth files, keep the mp4s")
    sub.add_parser("list", help="list the declared clips")
    pv = sub.add_parser("preview", help="render one frame of a clip to PNG")
    pv.add_argument("name")
    pv.add_argument("--frame", type=int, default=0)
    pv.add_argument("--png", type=Path, default=Path("/tmp/render_preview.png"))
    pv.add_argument("--rep", type=int, default=None, help="the peak frame of this 1-based rep (overrides --frame)")
    c = sub.add_parser("check", help="run MediaPipe on rendered clips and compare with truth")
    c.add_argument("--only", nargs="*", default=[])
    c.add_argument("--dir", type=Path, default=Path("sample_videos"))
    c.add_argument("--model", type=Path, default=Path("models/pose_landmarker_full.task"))
    c.add_argument("--markdown", type=Path, default=None, help="append the floor-exercise reading tables to this file")
    args = p.parse_args(argv)
    if args.cmd == "check":
        return _cmd_check(args.only, args.dir, args.model, args.markdown)
    if args.cmd == "list":
        return _cmd_list()
    if args.cmd == "build":
        return _cmd_build(args.only, args.out, args.truth_only)
    return _cmd_preview(args.name, args.frame, args.png, args.rep)


if __name__ == "__main__":
    sys.exit(main())
