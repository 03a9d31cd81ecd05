"""Ground truth: measured angles from the posed joints and the NAME.truth.json writer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .body import JOINT_NAMES, BodySpec
from .camera import CameraSpec
from .exercises import NOT_COUNTED, Animation
from .geometry import angle_at, angle_from_vertical


def _j(joints: np.ndarray, name: str) -> np.ndarray:
    return joints[..., JOINT_NAMES.index(name), :]


def near_side(joints: np.ndarray, camera: CameraSpec) -> str:
    """'left' or 'right': the hip closer to the camera (over the whole clip)."""
    eye = camera.position()
    dl = np.linalg.norm(_j(joints, "left_hip") - eye, axis=-1).mean()
    dr = np.linalg.norm(_j(joints, "right_hip") - eye, axis=-1).mean()
    return "left" if dl <= dr else "right"


def sagittal_hip_angle(joints: np.ndarray, shoulder: np.ndarray, hip: np.ndarray, knee: np.ndarray) -> np.ndarray:
    """Shoulder-hip-knee angle in the body's sagittal plane (normal = hip-to-hip axis).

    < 180 means hip flexion (squat bottom, bridge hips low), 180 = in line,
    > 180 = hip extension past the line (bridge over-arch).
    """
    axis = _j(joints, "left_hip") - _j(joints, "right_hip")
    axis = axis / (np.linalg.norm(axis, axis=-1, keepdims=True) + 1e-12)
    u = _flatten(shoulder - hip, axis)
    w = _flatten(knee - hip, axis)
    sin = np.sum(np.cross(u, w) * axis, axis=-1)
    cos = np.sum(u * w, axis=-1)
    theta = np.degrees(np.arctan2(sin, cos))
    return np.where(theta >= 0, theta, 360.0 + theta)


def _flatten(v: np.ndarray, axis: np.ndarray) -> np.ndarray:
    return v - np.sum(v * axis, axis=-1, keepdims=True) * axis


@dataclass
class FrameMeasures:
    """Per-frame measures on one side ('left'/'right') or both ('mean')."""

    knee: np.ndarray
    hip: np.ndarray
    trunk_from_vertical: np.ndarray
    shoulder_hip_knee: np.ndarray
    knee_width_ratio: np.ndarray
    heel_lift_m: np.ndarray
    foot_pitch_deg: np.ndarray
    shin_from_vertical: np.ndarray
    knee_past_toe_m: np.ndarray
    knee_past_heel_m: np.ndarray
    foot_length_m: np.ndarray

    def at(self, f: int) -> dict[str, float]:
        return {k: round(float(v[f]), 3) for k, v in self.__dict__.items()}


def measure(joints: np.ndarray, side: str) -> FrameMeasures:
    """Angles (deg) from 3D joints (F, J, 3). side: 'left', 'right' or 'mean'."""
    sides = ["left", "right"] if side == "mean" else [side]
    per = [_measure_side(joints, s) for s in sides]
    return FrameMeasures(**{k: np.mean([getattr(p, k) for p in per], axis=0) for k in per[0].__dict__})


def _measure_side(joints: np.ndarray, s: str) -> FrameMeasures:
    sh, hip, knee, ankle = (_j(joints, f"{s}_{n}") for n in ("shoulder", "hip", "knee", "ankle"))
    heel, toe = _j(joints, f"{s}_heel"), _j(joints, f"{s}_foot_index")
    mid_sh = (_j(joints, "left_shoulder") + _j(joints, "right_shoulder")) / 2
    mid_hip = (_j(joints, "left_hip") + _j(joints, "right_hip")) / 2
    knee_w = np.linalg.norm((_j(joints, "left_knee") - _j(joints, "right_knee"))[..., :2], axis=-1)
    ankle_w = np.linalg.norm((_j(joints, "left_ankle") - _j(joints, "right_ankle"))[..., :2], axis=-1)
    foot = toe - heel
    forward = foot[..., :2] / (np.linalg.norm(foot[..., :2], axis=-1, keepdims=True) + 1e-9)
    shk = sagittal_hip_angle(joints, sh, hip, knee)
    return FrameMeasures(
        knee=angle_at(hip, knee, ankle),
        hip=shk,
        trunk_from_vertical=angle_from_vertical(mid_hip, mid_sh),
        shoulder_hip_knee=shk,
        knee_width_ratio=knee_w / (ankle_w + 1e-9),
        heel_lift_m=heel[..., 2] - heel[0, 2],
        foot_pitch_deg=np.degrees(np.arctan2(-foot[..., 2], np.linalg.norm(foot[..., :2], axis=-1))),
        shin_from_vertical=angle_from_vertical(ankle, knee),
        knee_past_toe_m=np.sum((knee - toe)[..., :2] * forward, axis=-1),
        knee_past_heel_m=np.sum((knee - heel)[..., :2] * forward, axis=-1),
        foot_length_m=np.linalg.norm(foot, axis=-1),
    )


def in_view(px: np.ndarray, width: int, height: int, present: np.ndarray) -> np.ndarray:
    """(F,) bool: person present and at least half of the joints inside the image."""
    inside = (px[..., 0] >= 0) & (px[..., 0] < width) & (px[..., 1] >= 0) & (px[..., 1] < height)
    return present & (inside.mean(axis=-1) >= 0.5)


def intervals(mask: np.ndarray, fps: float) -> list[list[float]]:
    """True runs of a per-frame mask as [start_s, end_s] (end exclusive, frame/fps)."""
    out: list[list[float]] = []
    start = None
    for f, m in enumerate(list(mask) + [False]):
        if m and start is None:
            start = f
        elif not m and start is not None:
            out.append([round(start / fps, 3), round(f / fps, 3)])
            start = None
    return out


SIDE_NAMES = {"L": "left", "R": "right", None: None}


def floor_metrics(joints: np.ndarray, side: str) -> dict[str, float]:
    """Readings of one frame (J, 3) for a floor exercise; `side` ('left'/'right') is the working side.

    Elevations are against the floor (deg, + = the second point higher); `hip_line_tilt_deg` is the
    left hip's elevation over the right one; gaps are in mean thigh lengths."""
    j = {n: joints[i] for i, n in enumerate(JOINT_NAMES)}
    o = "right" if side == "left" else "left"

    def elev(a: np.ndarray, b: np.ndarray) -> float:
        d = b - a
        return float(np.degrees(np.arctan2(d[2], np.linalg.norm(d[:2]))))

    thigh = np.mean([np.linalg.norm(j[f"{s}_knee"] - j[f"{s}_hip"]) for s in ("left", "right")])
    legs = [j[f"{s}_ankle"] - j[f"{s}_hip"] for s in ("left", "right")]
    mid = {k: (j[f"left_{k}"] + j[f"right_{k}"]) / 2 for k in ("shoulder", "hip", "ear")}
    out = {
        "working_thigh_elev_deg": elev(j[f"{side}_hip"], j[f"{side}_knee"]),
        "working_leg_elev_deg": elev(j[f"{side}_hip"], j[f"{side}_ankle"]),
        "working_knee_deg": float(angle_at(j[f"{side}_hip"], j[f"{side}_knee"], j[f"{side}_ankle"])),
        "working_shoulder_hip_knee_deg": float(sagittal_hip_angle(joints[None], j[f"{side}_shoulder"][None], j[f"{side}_hip"][None], j[f"{side}_knee"][None])[0]),
        "support_shoulder_hip_knee_deg": float(sagittal_hip_angle(joints[None], j[f"{o}_shoulder"][None], j[f"{o}_hip"][None], j[f"{o}_knee"][None])[0]),
        "left_arm_elev_deg": elev(j["left_shoulder"], j["left_wrist"]),
        "right_arm_elev_deg": elev(j["right_shoulder"], j["right_wrist"]),
        "trunk_elev_deg": elev(mid["hip"], mid["shoulder"]),
        "hip_line_tilt_deg": elev(j["right_hip"], j["left_hip"]),
        "shoulder_line_tilt_deg": elev(j["right_shoulder"], j["left_shoulder"]),
        "leg_spread_deg": float(angle_at(legs[0], np.zeros(3), legs[1])),
        "knee_gap_thighs": float(np.linalg.norm(j["left_knee"] - j["right_knee"]) / thigh),
        "ankle_gap_thighs": float(np.linalg.norm(j["left_ankle"] - j["right_ankle"]) / thigh),
        "face_elev_deg": elev(mid["ear"], j["nose"]),
        "hip_height_m": float(mid["hip"][2]),
    }
    return {k: round(v, 3) for k, v in out.items()}


def rep_entries(anim: Animation, m: FrameMeasures, joints: np.ndarray, near: str) -> list[dict]:
    fps = anim.fps
    reps = []
    for r in anim.reps:
        faults = list(r.spec.faults)
        metrics = m.at(r.peak_frame)
        reps.append({
            "index": r.index,
            "start_frame": r.start_frame, "peak_frame": r.peak_frame, "end_frame": r.end_frame,
            "start_s": round(r.start_frame / fps, 3), "peak_s": round(r.peak_frame / fps, 3),
            "end_s": round(r.end_frame / fps, 3),
            "hold_s": round((r.hold_frames[1] - r.hold_frames[0] + 1) / fps, 3),
            "counted": not any(f in NOT_COUNTED for f in faults),
            "faults": faults,
            "peak_angles": {k: round(metrics[k], 1) for k in ("knee", "hip", "trunk_from_vertical", "shoulder_hip_knee")},
            "peak_metrics": {k: v for k, v in metrics.items() if k not in ("knee", "hip", "trunk_from_vertical", "shoulder_hip_knee")},
        })  # fmt: skip
        if anim.sided:
            side = SIDE_NAMES[r.spec.side]
            reps[-1]["side"] = side
            reps[-1]["commanded"] = {k: round(float(v), 2) for k, v in r.spec.params.items()}
            reps[-1]["start_floor_metrics"] = floor_metrics(joints[r.start_frame], side or near)
            reps[-1]["peak_floor_metrics"] = floor_metrics(joints[r.peak_frame], side or near)
    return reps


def hold_entries(anim: Animation, joints: np.ndarray) -> list[dict]:
    """Holds plus the measured posture at the middle of each held segment."""
    out = []
    for hold in anim.holds:
        back = hold["side"] if hold["side"] in ("left", "right") else "left"  # "hold": a stretch without sides
        front = "right" if back == "left" else "left"
        postures = []
        for start_s, end_s in hold["segments"]:
            f = int(round((start_s + end_s) / 2 * anim.fps))
            mb, mf = measure(joints[f : f + 1], back), measure(joints[f : f + 1], front)
            postures.append({
                "at_s": round(f / anim.fps, 3),
                "front_knee": round(float(mf.knee[0]), 1),
                "back_knee": round(float(mb.knee[0]), 1),
                "front_shoulder_hip_knee": round(float(mf.shoulder_hip_knee[0]), 1),
                "back_shoulder_hip_knee": round(float(mb.shoulder_hip_knee[0]), 1),
                "trunk_from_vertical": round(float(mb.trunk_from_vertical[0]), 1),
            })  # fmt: skip
        out.append({**hold, "posture": postures})
    return out


def expected(reps: list[dict]) -> dict:
    faults: dict[str, list[int]] = {}
    for r in reps:
        for code in r["faults"]:
            faults.setdefault(code, []).append(r["index"])
    out = {
        "reps": sum(r["counted"] for r in reps),
        "attempts": sum(not r["counted"] for r in reps),
        "faults": faults,
    }
    if any(r.get("side") for r in reps):
        out["reps_by_side"] = {s: sum(r["counted"] and r["side"] == s for r in reps) for s in ("left", "right")}
    return out


def build_truth(
    clip: str, anim: Animation, camera: CameraSpec, body: BodySpec | None, seed: int,
    joints: np.ndarray | None, extra: dict | None = None,
) -> dict:
    fps, frames = anim.fps, anim.frames
    present = anim.present if anim.present is not None else np.full(frames, joints is not None)
    truth: dict = {
        "clip": clip, "exercise": anim.exercise,
        "view": camera.view if joints is not None else None,
        "camera": {k: v for k, v in camera.to_json().items() if k not in ("width", "height")},
        "fps": fps, "frames": frames, "width": camera.width, "height": camera.height,
        "duration_s": round(frames / fps, 3),
        "body": body.to_json() if body is not None else None, "seed": seed,
    }  # fmt: skip
    if joints is None:
        truth.update(reps=[], expected={"reps": 0, "attempts": 0, "faults": {}}, holds=[], person_in_view=[])
        truth["joints"] = {"names": list(JOINT_NAMES), "2d_px": [], "3d_m": [], "frame": "world"}
        return truth
    side = near_side(joints, camera) if camera.view != "front" else "mean"
    m = measure(joints, side)
    px = camera.project(joints)
    reps = rep_entries(anim, m, joints, side if side != "mean" else "left")
    truth.update(
        near_side=side, reps=reps, expected=expected(reps), holds=hold_entries(anim, joints),
        person_in_view=intervals(in_view(px, camera.width, camera.height, present), fps),
    )
    truth["angles_per_frame"] = {
        "side": side,
        **{k: np.round(getattr(m, k), 1).tolist() for k in ("knee", "hip", "trunk_from_vertical", "shoulder_hip_knee", "knee_width_ratio")},
    }
    px = np.where(present[:, None, None], px, np.nan)
    j3 = np.where(present[:, None, None], joints, np.nan)
    truth["joints"] = {
        "names": list(JOINT_NAMES), "frame": "world",
        "2d_px": _rounded(px, 1), "3d_m": _rounded(j3, 3),
    }  # fmt: skip
    if extra:
        truth.update(extra)
    return truth


def _rounded(a: np.ndarray, nd: int) -> list:
    r = np.round(a.astype(np.float64), nd)
    return [[[None if np.isnan(x) else float(x) for x in p] for p in frame] for frame in r]


def write_truth(path: Path, truth: dict) -> None:
    """Pretty JSON, but one line per frame for the big per-frame arrays."""
    big = {"joints": truth.get("joints"), "angles_per_frame": truth.get("angles_per_frame")}
    small = {k: ("@@" + k + "@@" if k in big and big[k] is not None else v) for k, v in truth.items()}
    text = json.dumps(small, indent=2)
    for key, value in big.items():
        if value is None:
            continue
        inner = json.dumps(value, separators=(",", ":"))
        if key == "joints":
            parts = [f'"{k}": ' + (_per_line(v) if isinstance(v, list) and v and isinstance(v[0], list) else json.dumps(v)) for k, v in value.items()]
            inner = "{\n    " + ",\n    ".join(parts) + "\n  }"
        text = text.replace(f'"@@{key}@@"', inner)
    Path(path).write_text(text + "\n")


def _per_line(frames: list) -> str:
    return "[\n      " + ",\n      ".join(json.dumps(f, separators=(",", ":")) for f in frames) + "\n    ]"
