"""Render one clip: animate -> skin -> render frames -> mp4 + truth JSON."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .body import AnnyBody, BodySpec
from .camera import CameraSpec
from .exercises import Script
from .scene import BodyRenderer, RoomSpec
from .truth import build_truth, write_truth
from .video import VideoWriter


@dataclass(frozen=True)
class ClipSpec:
    name: str
    script: Script
    camera: CameraSpec = field(default_factory=CameraSpec)
    body: BodySpec | None = field(default_factory=BodySpec)
    fps: float = 30.0
    seed: int = 0
    room: RoomSpec = field(default_factory=RoomSpec)
    note: str = ""
    staged: bool = False  # written to tools/render/staging/ until its exercise module is registered
    view: str | None = None  # the truth's `view` when the camera yaw alone would mislabel it (e.g. "feet_end")
    crf: int = 26  # libx264 quality (higher: smaller); the held stretches are mostly still and take 30


@dataclass
class BuildResult:
    name: str
    frames: int
    seconds: float
    mp4_bytes: int
    truth: dict


def build_clip(spec: ClipSpec, out_dir: Path, chunk: int = 48, log=print, render: bool = True) -> BuildResult:
    """Render NAME.mp4 and write NAME.truth.json (render=False: truth only, mp4 untouched)."""
    t0 = time.time()
    body = AnnyBody(spec.body) if spec.body is not None else None
    anim = spec.script.animate(body, spec.fps)
    mp4 = Path(out_dir) / f"{spec.name}.mp4"
    renderer = BodyRenderer(body, spec.camera, spec.room) if render else None
    writer = VideoWriter(mp4, spec.camera.width, spec.camera.height, spec.fps, crf=spec.crf) if render else None
    joints_all: list[np.ndarray] = []
    present = anim.present if anim.present is not None else np.ones(anim.frames, dtype=bool)
    try:
        for start in range(0, anim.frames, chunk):
            stop = min(anim.frames, start + chunk)
            verts = None
            if body is not None and anim.pose is not None:
                posed = body.pose(_slice(anim.pose, start, stop))
                verts, joints = posed.vertices, posed.joints
                joints_all.append(joints)
            if renderer is None or writer is None:
                continue
            for i in range(stop - start):
                v = verts[i] if verts is not None and present[start + i] else None
                writer.write(renderer.render(v))
            log(f"  {spec.name}: {stop}/{anim.frames} frames, {time.time() - t0:.0f}s")
    finally:
        if writer is not None:
            writer.close()
        if renderer is not None:
            renderer.close()
    joints = np.concatenate(joints_all) if joints_all else None
    truth = build_truth(spec.name, anim, spec.camera, spec.body, spec.seed, joints)
    if spec.view is not None and truth["view"] is not None:
        truth["view"] = spec.view
    if spec.note:
        truth["note"] = spec.note
    write_truth(Path(out_dir) / f"{spec.name}.truth.json", truth)
    size = mp4.stat().st_size if mp4.exists() else 0
    return BuildResult(spec.name, anim.frames, time.time() - t0, size, truth)


def _slice(pose, start: int, stop: int):
    from .body import PoseBatch

    out = PoseBatch(stop - start)
    out.rotations = {k: v[start:stop] for k, v in pose.rotations.items()}
    out.root = pose.root_translation()[start:stop]
    return out
