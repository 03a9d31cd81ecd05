"""CLI: python -m tools.render build [--only NAME ...] [--out sample_videos]
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


def _cmd_list() -> int:
    from .clips import CLIPS

    for spec in CLIPS:
        print(f"{spec.name:28s} {spec.camera.view:8s} {spec.camera.width}x{spec.camera.height} @{spec.fps:g}fps")
    return 0


def _cmd_build(only: list[str], out: Path, truth_only: bool = False) -> int:
    from .build import build_clip
    from .clips import CLIPS

    names = {c.name for c in CLIPS}
    unknown = [n for n in only if n not in names]
    if unknown:
        print(f"unknown clip(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    for spec in CLIPS:
        if only and spec.name not in only:
            continue
        res = build_clip(spec, out, log=lambda s: print(s, flush=True), render=not truth_only)
        exp = res.truth.get("expected", {})
        print(
            f"{res.name}: {res.frames} frames, {res.mp4_bytes / 1e6:.2f} MB, {res.seconds:.0f} s; expected {exp}",
            flush=True,
        )
    return 0


def _cmd_preview(name: str, frame: int, png: Path) -> int:
    import cv2

    from .body import AnnyBody
    from .build import _slice
    from .clips import CLIPS
    from .scene import BodyRenderer

    spec = next(c for c in CLIPS if c.name == name)
    body = AnnyBody(spec.body) if spec.body is not None else None
    anim = spec.script.animate(body, spec.fps)
    frame = min(frame, anim.frames - 1)
    verts = None
    if body is not None and anim.pose is not None:
        verts = body.pose(_slice(anim.pose, frame, frame + 1)).vertices[0]
    img = BodyRenderer(body, spec.camera, spec.room).render(verts)
    cv2.imwrite(str(png), img[..., ::-1])
    print(png)
    return 0


def _cmd_check(only: list[str], directory: Path, model: Path) -> int:
    from .check import check_clip

    paths = sorted(directory.glob("*.truth.json"))
    for path in paths:
        name = path.name[: -len(".truth.json")]
        if only and name not in only:
            continue
        print(check_clip(path, model).line(), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.render", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="render clips (all, or --only NAME ...)")
    b.add_argument("--only", nargs="*", default=[])
    b.add_argument("--out", type=Path, default=Path("sample_videos"))
    b.add_argument("--truth-only", action="store_true", help="rewrite the truth files, keep the mp4s")
    sub.add_parser("list", help="list the declared clips")
    pv = sub.add_parser("preview", help="render one frame of a clip to PNG")
    pv.add_argument("name")
    pv.add_argument("--frame", type=int, default=0)
    pv.add_argument("--png", type=Path, default=Path("/tmp/render_preview.png"))
    c = sub.add_parser("check", help="run MediaPipe on rendered clips and compare with truth")
    c.add_argument("--only", nargs="*", default=[])
    c.add_argument("--dir", type=Path, default=Path("sample_videos"))
    c.add_argument("--model", type=Path, default=Path("models/pose_landmarker_full.task"))
    args = p.parse_args(argv)
    if args.cmd == "check":
        return _cmd_check(args.only, args.dir, args.model)
    if args.cmd == "list":
        return _cmd_list()
    if args.cmd == "build":
        return _cmd_build(args.only, args.out, args.truth_only)
    return _cmd_preview(args.name, args.frame, args.png)


if __name__ == "__main__":
    sys.exit(main())
