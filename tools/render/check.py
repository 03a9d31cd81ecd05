"""MediaPipe sanity check of rendered clips against their truth files.

python -m tools.render check [--only NAME ...] [--dir sample_videos] [--model models/pose_landmarker_full.task]

Per clip: detection rate, mean 2D landmark error (px) on the shared joints,
near-side knee angle tracking (correlation, mean abs error, 2D landmarks vs 3D
truth), per-rep extremes (min knee, max shoulder-hip-knee, knee/ankle width ratio).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MP_INDEX = {
    "nose": 0, "left_eye": 2, "right_eye": 5, "left_ear": 7, "right_ear": 8,
    "left_shoulder": 11, "right_shoulder": 12, "left_elbow": 13, "right_elbow": 14,
    "left_wrist": 15, "right_wrist": 16, "left_hip": 23, "right_hip": 24,
    "left_knee": 25, "right_knee": 26, "left_ankle": 27, "right_ankle": 28,
    "left_heel": 29, "right_heel": 30, "left_foot_index": 31, "right_foot_index": 32,
}  # fmt: skip


@dataclass
class ClipCheck:
    name: str
    detected: float
    px_error: float
    knee_corr: float
    knee_mae: float
    per_rep: list[dict]
    floor_rows: list[str] | None = None

    def line(self) -> str:
        reps = "; ".join(
            " ".join(f"{k}={v}" for k, v in r.items()) for r in self.per_rep
        )
        return (
            f"{self.name}: detected {self.detected:.1%}, 2D err {self.px_error:.1f}px, "
            f"knee corr {self.knee_corr:.3f} mae {self.knee_mae:.1f}deg | {reps}"
        )


def run_landmarker(mp4: Path, model: Path, fps: float) -> np.ndarray:
    """(F, 33, 2) pixel landmarks (NaN where no person was found)."""
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import vision
    from mediapipe.tasks.python.core.base_options import BaseOptions

    opts = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    out = []
    cap = cv2.VideoCapture(str(mp4))
    with vision.PoseLandmarker.create_from_options(opts) as lm:
        f = 0
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            h, w = bgr.shape[:2]
            img = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(bgr[..., ::-1]))
            res = lm.detect_for_video(img, int(round(f * 1000 / fps)))
            if res.pose_landmarks:
                out.append([[p.x * w, p.y * h] for p in res.pose_landmarks[0]])
            else:
                out.append(np.full((33, 2), np.nan).tolist())
            f += 1
    cap.release()
    return np.asarray(out, dtype=np.float64)


def _angle2d(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    u, v = a - b, c - b
    cos = np.sum(u * v, -1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1) + 1e-9)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def _shk2d(sh: np.ndarray, hip: np.ndarray, knee: np.ndarray) -> np.ndarray:
    """2D shoulder-hip-knee, > 180 when the hip is above (image y smaller) the shoulder-knee line."""
    a = _angle2d(sh, hip, knee)
    t = (hip[..., 0] - sh[..., 0]) / (knee[..., 0] - sh[..., 0] + 1e-9)
    y_line = sh[..., 1] + t * (knee[..., 1] - sh[..., 1])
    return np.where(hip[..., 1] < y_line, 360 - a, a)


def check_clip(truth_path: Path, model: Path) -> ClipCheck:
    truth = json.loads(truth_path.read_text())
    mp4 = truth_path.with_name(truth["clip"] + ".mp4")
    lm = run_landmarker(mp4, model, truth["fps"])
    found = ~np.isnan(lm[:, 0, 0])
    name = truth["clip"]
    if not truth["joints"]["2d_px"]:
        return ClipCheck(name, float(found.mean()), float("nan"), float("nan"), float("nan"), [])
    names = truth["joints"]["names"]
    gt = np.array([[[np.nan if v is None else v for v in p] for p in fr] for fr in truth["joints"]["2d_px"]], dtype=np.float64)
    idx = [MP_INDEX[n] for n in names]
    err = np.linalg.norm(lm[:, idx] - gt, axis=-1)
    side = truth.get("near_side", "left")
    sides = ["left", "right"] if side == "mean" else [side]

    def p(src: np.ndarray, joint: str, s: str) -> np.ndarray:
        return src[:, MP_INDEX[f"{s}_{joint}"]] if src is lm else src[:, names.index(f"{s}_{joint}")]

    knee_mp = np.mean([_angle2d(p(lm, "hip", s), p(lm, "knee", s), p(lm, "ankle", s)) for s in sides], 0)
    knee_gt = np.asarray(truth["angles_per_frame"]["knee"], dtype=np.float64)
    knee_gt2d = np.mean([_angle2d(p(gt, "hip", s), p(gt, "knee", s), p(gt, "ankle", s)) for s in sides], 0)
    ok = found & ~np.isnan(knee_mp)
    corr = float(np.corrcoef(knee_mp[ok], knee_gt[ok])[0, 1]) if ok.sum() > 2 else float("nan")
    mae = float(np.mean(np.abs(knee_mp[ok] - knee_gt[ok]))) if ok.any() else float("nan")
    shk_gt2d = np.mean([_shk2d(p(gt, "shoulder", s), p(gt, "hip", s), p(gt, "knee", s)) for s in sides], 0)
    shk_mp = np.mean([_shk2d(p(lm, "shoulder", s), p(lm, "hip", s), p(lm, "knee", s)) for s in sides], 0)
    width = np.abs(lm[:, 25, 0] - lm[:, 26, 0]) / (np.abs(lm[:, 27, 0] - lm[:, 28, 0]) + 1e-9)
    gt_width = np.abs(p(gt, "knee", "left")[:, 0] - p(gt, "knee", "right")[:, 0]) / (
        np.abs(p(gt, "ankle", "left")[:, 0] - p(gt, "ankle", "right")[:, 0]) + 1e-9
    )
    per_rep = []
    for r in truth["reps"]:
        sl = slice(r["start_frame"], r["end_frame"] + 1)
        entry = {
            "rep": r["index"], "knee_min_mp": _r(np.nanmin(knee_mp[sl])),
            "true3d": _r(np.min(knee_gt[sl])), "true2d": _r(np.nanmin(knee_gt2d[sl])),
        }  # fmt: skip
        if truth["exercise"] == "squat" and truth["view"] != "front":
            pk = r["peak_frame"]
            entry.update(_side_metrics(lm[pk], side, r["peak_angles"]["trunk_from_vertical"], r["peak_metrics"]))
            heel = MP_INDEX[f"{side}_heel"]
            foot_px = np.linalg.norm(lm[r["start_frame"], MP_INDEX[f"{side}_foot_index"]] - lm[r["start_frame"], heel])
            rise = (lm[r["start_frame"], heel, 1] - lm[pk, heel, 1]) / (foot_px + 1e-9)
            entry.update(heel_rise_feet_mp=_r(rise, 2), true=_r(r["peak_metrics"]["heel_lift_m"] / r["peak_metrics"]["foot_length_m"], 2))
        if truth["exercise"] == "glute_bridge":
            entry.update(
                shk_max_mp=_r(np.nanmax(shk_mp[sl])), shk_true=r["peak_angles"]["shoulder_hip_knee"],
                shk_true2d=_r(np.nanmax(shk_gt2d[sl])),
            )
        if truth["view"] == "front":
            pk = r["peak_frame"]
            entry.update(kw_ratio_mp=_r(width[pk], 2), kw_ratio_true2d=_r(gt_width[pk], 2))
        per_rep.append(entry)
    rows = floor_table(truth, lm, gt) if truth["exercise"] in FLOOR_READINGS else None
    return ClipCheck(name, float(found.mean()), float(np.nanmean(err)), corr, mae, per_rep, rows)


def _side_metrics(lm: np.ndarray, side: str, trunk_true: float, metrics: dict) -> dict:
    """Trunk lean, foot pitch and knee-past-toe (in foot lengths) from 2D landmarks of one frame."""
    s = MP_INDEX
    mid_sh = (lm[s["left_shoulder"]] + lm[s["right_shoulder"]]) / 2
    mid_hip = (lm[s["left_hip"]] + lm[s["right_hip"]]) / 2
    d = mid_sh - mid_hip
    trunk = np.degrees(np.arctan2(abs(d[0]), -d[1]))
    heel, toe, knee = lm[s[f"{side}_heel"]], lm[s[f"{side}_foot_index"]], lm[s[f"{side}_knee"]]
    foot = toe - heel
    pitch = np.degrees(np.arctan2(foot[1], abs(foot[0])))
    past = (knee[0] - toe[0]) * np.sign(foot[0]) / (abs(foot[0]) + 1e-9)
    true_past = metrics["knee_past_toe_m"] / metrics["foot_length_m"]
    return {
        "trunk_mp": _r(trunk), "trunk_true": _r(trunk_true),
        "foot_pitch_mp": _r(pitch), "foot_pitch_true": _r(metrics["foot_pitch_deg"]),
        "knee_past_toe_feet_mp": _r(past, 2), "true_": _r(true_past, 2),
    }


def _r(x: float, nd: int = 1) -> float:
    return round(float(x), nd)


# ------------------------------------------------------------------ floor exercises
FLOOR_READINGS: dict[str, tuple[str, ...]] = {
    "bird_dog": ("thigh_vs_back", "leg_vs_back", "arm_left", "arm_right", "hip_line", "hip_sep", "trunk", "face"),
    "donkey_kick": ("thigh_vs_back", "knee", "trunk", "face", "hip_line"),
    "fire_hydrant": ("thigh_spread", "knee_gap", "hip_line", "shoulder_line", "hip_sep", "trunk", "thigh_vs_back", "face"),
    "side_lying_leg_raise": ("leg_spread", "leg_len_ratio", "knee", "hip_sep", "hip_line", "shoulder_sep"),
    "clamshell": ("knee_gap", "ankle_gap", "thigh_spread", "hip_sep", "hip_line", "shoulder_sep"),
    "superman": ("arm_left", "leg_vs_back", "wrist_lift", "ankle_lift", "face", "nose_lift", "trunk"),
    "hip_thrust": ("shk", "trunk", "knee"),
    "bridge_pelvic_roll": ("shk", "hip_line", "hip_sep", "knee_gap"),
    "glute_bridge": ("shk", "hip_line", "hip_sep", "free_leg_vs_thigh", "knee"),
}


def _ang(v: np.ndarray) -> np.ndarray:
    """Image direction angle (deg), y up."""
    return np.degrees(np.arctan2(-v[..., 1], v[..., 0]))


def _wrap(a: np.ndarray) -> np.ndarray:
    return (a + 180.0) % 360.0 - 180.0


def _between(u: np.ndarray, v: np.ndarray) -> float:
    return float(np.degrees(np.arccos(np.clip(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9), -1, 1))))


def floor_readings(pts: np.ndarray, side: str) -> dict[str, float]:
    """Landmark readings of one frame (33, 2) px for a floor exercise; side = working side.

    Angles in degrees in the image (y up); *_vs_back: the segment against the shoulder->hip line
    (0 = in line with the back, + = above it); gaps and separations in 2D thigh lengths."""
    s = MP_INDEX
    o = "right" if side == "left" else "left"
    p = {name: pts[i] for name, i in s.items()}
    mid = {k: (p[f"left_{k}"] + p[f"right_{k}"]) / 2 for k in ("shoulder", "hip", "ear")}
    thigh = np.mean([np.linalg.norm(p[f"{x}_knee"] - p[f"{x}_hip"]) for x in ("left", "right")])
    back = mid["hip"] - mid["shoulder"]
    facing = 1.0 if back[0] > 0 else -1.0

    def vs_back(a: str, b: str) -> float:
        return float(facing * _wrap(_ang(p[b] - p[a]) - _ang(back)))

    def elev(a: np.ndarray, b: np.ndarray) -> float:
        d = b - a
        return float(np.degrees(np.arctan2(-d[1], abs(d[0]))))

    def line(a: str, b: str) -> float:  # tilt of a left-right line against the image horizontal
        d = p[f"left_{a}"] - p[f"right_{b}"]
        return float(np.degrees(np.arctan2(-d[1], abs(d[0]) + 1e-9)))

    work_leg = p[f"{side}_ankle"] - p[f"{side}_hip"]
    other_leg = p[f"{o}_ankle"] - p[f"{o}_hip"]
    out = {
        "thigh_vs_back": vs_back(f"{side}_hip", f"{side}_knee"),
        "leg_vs_back": vs_back(f"{side}_hip", f"{side}_ankle"),
        "arm_left": elev(p["left_shoulder"], p["left_wrist"]),
        "arm_right": elev(p["right_shoulder"], p["right_wrist"]),
        "hip_line": line("hip", "hip"),
        "shoulder_line": line("shoulder", "shoulder"),
        "hip_sep": float(np.linalg.norm(p["left_hip"] - p["right_hip"]) / thigh),
        "shoulder_sep": float(np.linalg.norm(p["left_shoulder"] - p["right_shoulder"]) / thigh),
        "trunk": elev(mid["hip"], mid["shoulder"]),
        "face": elev(mid["ear"], p["nose"]),
        "knee": float(_angle2d(p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"])),
        "knee_gap": float(np.linalg.norm(p["left_knee"] - p["right_knee"]) / thigh),
        "ankle_gap": float(np.linalg.norm(p["left_ankle"] - p["right_ankle"]) / thigh),
        "thigh_spread": _between(p[f"{side}_knee"] - p[f"{side}_hip"], p[f"{o}_knee"] - p[f"{o}_hip"]),
        "leg_spread": _between(work_leg, other_leg),
        "leg_len_ratio": float(np.linalg.norm(work_leg) / (np.linalg.norm(other_leg) + 1e-9)),
        "shk": float(_shk2d(p[f"{side}_shoulder"][None], p[f"{side}_hip"][None], p[f"{side}_knee"][None])[0]),
        "wrist_lift": float(-(p["left_wrist"][1] - p["left_shoulder"][1]) / thigh),
        "ankle_lift": float(-(p["left_ankle"][1] - p["left_hip"][1]) / thigh),
        "nose_lift": float(-(p["nose"][1] - mid["shoulder"][1]) / thigh),
        "free_leg_vs_thigh": vs_back(f"{o}_hip", f"{o}_ankle") - vs_back(f"{side}_hip", f"{side}_knee"),
    }
    return out


def floor_table(truth: dict, lm: np.ndarray, gt: np.ndarray) -> list[str]:
    """Markdown rows: per rep, the readings at its start and its peak (MediaPipe / true 2D)."""
    names = truth["joints"]["names"]
    keys = FLOOR_READINGS.get(truth["exercise"], ())
    gt33 = np.full((len(gt), 33, 2), np.nan)
    for i, n in enumerate(names):
        gt33[:, MP_INDEX[n]] = gt[:, i]
    rows = [
        "| rep | side | faults | at | " + " | ".join(keys) + " |",
        "|" + " --- |" * (4 + len(keys)),
    ]
    for r in truth["reps"]:
        side = r.get("side") or truth.get("near_side", "left")
        if side == "mean":
            side = "left"
        for at, f in (("start", r["start_frame"]), ("peak", r["peak_frame"])):
            mp_r = floor_readings(lm[f], side) if not np.isnan(lm[f, 0, 0]) else None
            gt_r = floor_readings(gt33[f], side)
            cells = [f"{mp_r[k]:.2f} / {gt_r[k]:.2f}" if mp_r and k.endswith(("sep", "gap", "ratio", "lift")) else
                     (f"{mp_r[k]:.0f} / {gt_r[k]:.0f}" if mp_r else f"— / {gt_r[k]:.0f}") for k in keys]
            label = ",".join(r["faults"]) or "clean"
            rows.append(f"| {r['index']} | {r.get('side') or '—'} | {label if at == 'peak' else ''} | {at} | " + " | ".join(cells) + " |")
    return rows
