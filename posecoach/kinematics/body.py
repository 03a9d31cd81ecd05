"""From one person's landmarks to named body measures: angles, near side, camera view and framing."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from posecoach.kinematics import geometry as geo
from posecoach.kinematics.orientation import END_ON_TORSO_MAX_WIDTHS, UNKNOWN, BodyOrientation, Orientation, classify_orientation
from posecoach.kinematics.sides import Side
from posecoach.kinematics.smoothing import OneEuroFilter
from posecoach.landmarks import Landmark as L
from posecoach.landmarks import Pose

#: Below this MediaPipe visibility a landmark is treated as hidden and nothing is judged from it.
MIN_VISIBILITY = 0.5
#: A landmark this many pixels outside the image border still counts as inside (it sits on the edge).
EDGE_TOLERANCE_PX = 4.0
#: Shoulder and hip widths over torso length, averaged: about 0.6 facing the camera, under 0.15 side on.
SIDE_VIEW_MAX_WIDTH_RATIO = 0.30
FRONT_VIEW_MIN_WIDTH_RATIO = 0.50
VIEW_HYSTERESIS = 0.05
#: The near side switches only when the other side is nearer by this much (pixels of MediaPipe depth per
#: torso length), so that a side-on person does not flicker between sides.
NEAR_SIDE_MARGIN = 0.15
#: How fast the remembered standing leg length shrinks when the person moves away (per second).
LEG_LENGTH_DECAY_PER_S = 0.97
#: A camera tilted more than this is not corrected for: a steeper "floor line" is the body, not the floor. The
#: line runs through joint centres (a knee's is ~5 cm up, a fingertip's on the floor), so it is only good to ~3-5 deg.
MAX_FLOOR_TILT_DEG = 8.0
#: The floor line is averaged over about this long: the camera does not move, landmarks jitter.
FLOOR_TILT_TIME_CONSTANT_S = 2.0
#: Landmarks that can rest on the floor when lying or on all fours; the lower hull of them under the hips is
#: the floor line.
FLOOR_CONTACTS = tuple(
    L[f"{side}_{part}"] for side in ("LEFT", "RIGHT")
    for part in ("INDEX", "PINKY", "WRIST", "ELBOW", "SHOULDER", "HIP", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX")
) + (L.NOSE, L.LEFT_EAR, L.RIGHT_EAR)
#: Camera cuts and zooms move every pixel at once; a body cannot. A body whose landmarks spread wider or narrower
#: by this factor between two frames (at most ``CUT_MAX_GAP_S`` apart), or whose landmarks' centre jumps this many
#: spreads, and that keeps the new size in the next frame, was cut to or zoomed: the tracker starts afresh at the
#: new framing, its remembered lengths scaled. (A single frame of wrong landmarks that snaps back is not a cut.)
CUT_SCALE_FACTOR = 1.15
CUT_JUMP_SPREADS = 0.5
CUT_STEADY_FACTOR = 1.08
CUT_MAX_GAP_S = 0.1
#: Both toes moving together, the same way, by this much in each half of the last ``FRAME_SHIFT_FRAMES`` frames
#: (leg lengths; ~0.2 leg lengths a second at 30 fps) is the camera panning or zooming: a planted foot does not
#: move, a stepping foot moves alone, a heel lifts about the toe, and a frame of wrong landmarks comes back.
FRAME_SHIFT_LEG_LENGTHS = 0.015
FRAME_SHIFT_FRAMES = 4
FLOOR_ORIENTATIONS = frozenset({Orientation.SUPINE, Orientation.PRONE, Orientation.SIDE_LYING, Orientation.QUADRUPED})


class View(str, Enum):
    """Where the camera sees the body from, relative to the body (not to the room): FRONT is facing a standing
    person or in front of the chest of one lying on their side; END is along a lying body, from the head or feet."""

    SIDE = "side"
    OBLIQUE = "oblique"
    FRONT = "front"
    END = "end"


_SIDE_LANDMARKS: dict[Side, dict[str, L]] = {
    side: {
        part: L[f"{side.name}_{part.upper()}"]
        for part in ("shoulder", "hip", "knee", "ankle", "heel", "foot_index")
    }
    for side in Side
}

#: Body parts a framing check asks for, and the landmarks that stand for them.
BODY_PARTS: dict[str, tuple[L, ...]] = {
    "head": (L.NOSE, L.LEFT_EAR, L.RIGHT_EAR),
    "shoulders": (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
    "hips": (L.LEFT_HIP, L.RIGHT_HIP),
    "knees": (L.LEFT_KNEE, L.RIGHT_KNEE),
    "ankles": (L.LEFT_ANKLE, L.RIGHT_ANKLE),
}


@dataclass(frozen=True)
class SideMeasures:
    """Angles of one body side, in degrees unless named otherwise; NaN where a joint is hidden."""

    knee: float  # hip-knee-ankle, 180 = straight leg
    hip: float  # shoulder-hip-knee, 180 = straight
    hip_line: float  # shoulder-hip-knee signed: above 180 when the hip rises above the shoulder-knee line
    ankle: float  # knee-ankle-toe
    shin_from_vertical: float
    thigh_from_horizontal: float  # 0 = thigh parallel to the floor
    knee_past_toes: float  # foot lengths the knee is ahead of the toes (negative: behind)
    foot_pitch: float  # heel above toe (degrees); grows when the heel lifts
    knee_height: float  # knee above the ankle, in leg lengths
    ankle_y_px: float  # the ankle's image row (y down): compare across frames to see it rise


NAN_SIDE = SideMeasures(*([float("nan")] * 10))


@dataclass(frozen=True)
class Framing:
    person_in_view: bool
    missing_parts: tuple[str, ...] = ()  # body parts hidden or outside the image

    def shows(self, parts: tuple[str, ...]) -> bool:
        return self.person_in_view and not set(parts) & set(self.missing_parts)


@dataclass(frozen=True)
class BodyMeasures:
    timestamp_s: float
    framing: Framing
    view: View | None = None
    near_side: Side = Side.LEFT
    sides: dict[Side, SideMeasures] = field(default_factory=lambda: {s: NAN_SIDE for s in Side})
    trunk_from_vertical: float = float("nan")  # hips to shoulders, 0 = upright
    knee_width_ratio: float = float("nan")  # knee spread over ankle spread (front view)
    hip_height: float = float("nan")  # hips above ankles in standing leg lengths (1 = standing tall)
    leg_length_px: float = float("nan")  # the standing leg length in the image: the unit of body-relative sizes
    thigh_length_px: float = float("nan")  # the longest thigh seen lately (hip to knee), px
    torso_length_px: float = float("nan")  # the longest torso seen lately (mid-shoulders to mid-hips), px
    orientation: BodyOrientation = UNKNOWN
    #: The floor line's angle in the image (degrees, positive when it rises to the right) for a body lying or on
    #: all fours, from its lowest points ahead of and behind the hips; 0 when unknown or upright.
    floor_tilt_deg: float = 0.0
    facing: float = float("nan")  # +1 facing image right, -1 facing left (side views)
    #: How fast the hips and knees move, in leg lengths per second (the fastest of them); NaN on the
    #: first frame after the person appears.
    body_speed: float = float("nan")
    #: The camera cut, zoomed or panned in this frame (the whole body moved at once): positions compared with
    #: earlier frames are not comparable across it.
    reframed: bool = False
    pose: Pose | None = None  # the smoothed pose the measures come from
    points: np.ndarray | None = None  # its landmark positions (px), hidden ones NaN

    def point(self, landmark: L) -> np.ndarray:
        return self.points[landmark] if self.points is not None else np.full(2, np.nan)

    @property
    def near(self) -> SideMeasures:
        return self.sides[self.near_side]

    @property
    def far(self) -> SideMeasures:
        return self.sides[self.near_side.other]

    @classmethod
    def nobody(cls, timestamp_s: float) -> "BodyMeasures":
        return cls(timestamp_s, Framing(person_in_view=False))


def _visible(pose: Pose) -> np.ndarray:
    return (pose.visibility >= MIN_VISIBILITY) & pose.inside_image(-EDGE_TOLERANCE_PX)


def _masked_points(pose: Pose) -> np.ndarray:
    """Landmark positions with hidden ones set to NaN, so every measure built on them is NaN too."""
    return np.where(_visible(pose)[:, None], pose.xy, np.nan)


def framing_of(pose: Pose | None) -> Framing:
    if pose is None:
        return Framing(person_in_view=False)
    visible = _visible(pose)
    torso = [L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP]
    # After someone walks out, VIDEO mode keeps returning a fading pose for ~1.5 s: demand a visible torso.
    if visible[torso].sum() < 3 or float(np.mean(pose.presence[torso])) < MIN_VISIBILITY:
        return Framing(person_in_view=False)
    missing = tuple(part for part, marks in BODY_PARTS.items() if not visible[list(marks)].any())
    return Framing(person_in_view=True, missing_parts=missing)


def side_measures(points: np.ndarray, side: Side, leg_length_px: float) -> SideMeasures:
    p = {part: points[index] for part, index in _SIDE_LANDMARKS[side].items()}
    foot = p["foot_index"] - p["heel"]
    foot_length = float(np.linalg.norm(foot))
    facing = np.sign(foot[0]) if foot_length > 0 else np.nan
    return SideMeasures(
        knee=float(geo.joint_angle(p["hip"], p["knee"], p["ankle"])),
        hip=float(geo.joint_angle(p["shoulder"], p["hip"], p["knee"])),
        hip_line=float(geo.line_angle_signed(p["shoulder"], p["hip"], p["knee"])),
        ankle=float(geo.joint_angle(p["knee"], p["ankle"], p["foot_index"])),
        shin_from_vertical=float(geo.angle_from_vertical(p["ankle"], p["knee"])),
        thigh_from_horizontal=float(geo.angle_from_horizontal(p["hip"], p["knee"])),
        knee_past_toes=float((p["knee"][0] - p["foot_index"][0]) * facing / foot_length) if foot_length > 0 else np.nan,
        foot_pitch=float(np.degrees(np.arctan2(p["foot_index"][1] - p["heel"][1], abs(foot[0])))),
        knee_height=float((p["ankle"][1] - p["knee"][1]) / leg_length_px) if leg_length_px > 0 else np.nan,
        ankle_y_px=float(p["ankle"][1]),
    )


def _facing(points: np.ndarray) -> float:
    """Which way the nose points from the ears: +1 right, -1 left in the image; NaN if unclear."""
    ears = points[[L.LEFT_EAR, L.RIGHT_EAR], 0]
    if np.all(np.isnan(ears)) or np.isnan(points[L.NOSE, 0]):
        return float("nan")
    return float(np.sign(points[L.NOSE, 0] - np.nanmean(ears)))


def _mid(points: np.ndarray, a: L, b: L) -> np.ndarray:
    return (points[a] + points[b]) / 2.0


def _moved_less_than(change: tuple[float, float], factor: float, jump_spreads: float) -> bool:
    """The framing change (scale, centre shift in spreads) stays under ``factor`` either way and ``jump_spreads``."""
    scale, jump = change
    return max(scale, 1.0 / scale) < factor and jump < jump_spreads


def _cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))


def _framing_change(a: np.ndarray, b: np.ndarray) -> tuple[float, float] | None:
    """How the landmarks seen in both frames changed: (spread in b / spread in a, centre shift in spreads of a).
    The spread is the RMS distance of the landmarks from their centre."""
    both = ~(np.isnan(a).any(axis=1) | np.isnan(b).any(axis=1))
    if both.sum() < 8:
        return None
    a, b = a[both], b[both]
    spread_a = float(np.sqrt(((a - a.mean(axis=0)) ** 2).sum(axis=1).mean()))
    spread_b = float(np.sqrt(((b - b.mean(axis=0)) ** 2).sum(axis=1).mean()))
    if not (spread_a > 0 and spread_b > 0):
        return None
    return spread_b / spread_a, float(np.linalg.norm(b.mean(axis=0) - a.mean(axis=0))) / spread_a


def _nanmax(values: list) -> float:
    finite = [float(v) for v in values if v == v]
    return max(finite) if finite else 0.0


def _floor_line_deg(points: np.ndarray, torso_length_px: float) -> float:
    """The image angle of the floor under the body (positive when it rises to the right): the edge of the lower
    hull of the floor-contact landmarks that passes under the hips; NaN unless it spans a torso length."""
    contacts = points[list(FLOOR_CONTACTS)]
    contacts = contacts[~np.isnan(contacts).any(axis=1)]
    hips_x = float(np.nanmean(points[[L.LEFT_HIP, L.RIGHT_HIP], 0]))
    if len(contacts) < 2 or not torso_length_px > 0 or np.isnan(hips_x):
        return float("nan")
    hull: list[np.ndarray] = []
    for point in contacts[np.lexsort((-contacts[:, 1], contacts[:, 0]))]:  # by x; y up is -y
        while len(hull) >= 2 and _turn(hull[-2], hull[-1], point) <= 0:
            hull.pop()
        hull.append(point)
    for left, right in zip(hull, hull[1:]):
        if left[0] <= hips_x <= right[0]:
            if right[0] - left[0] < torso_length_px:
                return float("nan")
            return float(np.degrees(np.arctan2(left[1] - right[1], right[0] - left[0])))
    return float("nan")


def _turn(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Cross product of a->b and a->c with y pointing up: positive for a left (counter-clockwise) turn."""
    return float((b[0] - a[0]) * (a[1] - c[1]) - (a[1] - b[1]) * (c[0] - a[0]))


class BodyTracker:
    """Turns a stream of poses into body measures, one person, frame by frame.

    Keeps the state that needs history: landmark smoothing, the near side and the view (both with
    hysteresis so they do not flicker) and the standing leg length used to normalise hip height.
    """

    def __init__(self, smooth: bool = True) -> None:
        self._filter = OneEuroFilter() if smooth else None
        self._near_side = Side.LEFT
        self._view: View | None = None
        self._leg_length_px = 0.0
        self._thigh_length_px = 0.0
        self._torso_length_px = 0.0
        self._floor_tilt_deg = 0.0
        self._last_time_s: float | None = None
        self._last_core: np.ndarray | None = None  # hip centre and knees, px, for body_speed
        self._recent_raw: list[tuple[float, np.ndarray]] = []  # the last three frames' unsmoothed landmarks, for cuts
        self._recent_lengths: list[tuple[float, float, float]] = []  # leg, thigh, torso memories before the last two frames
        self._recent_toes: list[np.ndarray] = []  # the last frames' unsmoothed toes, for pans and zooms

    def reset(self) -> None:
        if self._filter:
            self._filter.reset()
        self._view = None
        self._leg_length_px = self._thigh_length_px = self._torso_length_px = 0.0
        self._floor_tilt_deg = 0.0
        self._last_core = None
        self._recent_raw, self._recent_lengths, self._recent_toes = [], [], []

    def update(self, pose: Pose | None, timestamp_s: float) -> BodyMeasures:
        framing = framing_of(pose)
        if pose is None or not framing.person_in_view:
            self.reset()
            self._last_time_s = timestamp_s
            return BodyMeasures(timestamp_s, framing, pose=pose)
        self._recent_lengths = [*self._recent_lengths[-1:], (self._leg_length_px, self._thigh_length_px, self._torso_length_px)]
        raw = _masked_points(pose)
        cut = self._cut_scale(raw, timestamp_s)
        if cut is not None:
            self._start_afresh(cut)
        shifted = self._frame_shifted(raw)
        if self._filter is not None:
            height = pose.image_size[1]
            pose = pose.with_xy(self._filter(pose.xy / height, timestamp_s) * height)
        points = _masked_points(pose)
        body_speed = self._body_speed(points, timestamp_s)
        dt_s = 0.0 if self._last_time_s is None else max(timestamp_s - self._last_time_s, 0.0)
        self._update_lengths(points, dt_s)
        self._last_time_s = timestamp_s
        self._near_side = self._pick_near_side(pose, points)
        self._view = self._classify_view(points)
        orientation = classify_orientation(points, self._leg_length_px, pose.depth)
        self._update_floor_tilt(points, orientation, dt_s)
        sides = {side: side_measures(points, side, self._leg_length_px) for side in Side}
        shoulders, hips = _mid(points, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(points, L.LEFT_HIP, L.RIGHT_HIP)
        ankles = _mid(points, L.LEFT_ANKLE, L.RIGHT_ANKLE)
        ankle_spread = abs(points[L.LEFT_ANKLE][0] - points[L.RIGHT_ANKLE][0])
        knee_spread = abs(points[L.LEFT_KNEE][0] - points[L.RIGHT_KNEE][0])
        return BodyMeasures(
            timestamp_s=timestamp_s,
            framing=framing,
            view=self._view,
            near_side=self._near_side,
            sides=sides,
            trunk_from_vertical=float(geo.angle_from_vertical(hips, shoulders)),
            knee_width_ratio=float(knee_spread / ankle_spread) if ankle_spread > 1.0 else float("nan"),
            hip_height=float((ankles[1] - hips[1]) / self._leg_length_px) if self._leg_length_px > 0 else float("nan"),
            leg_length_px=self._leg_length_px or float("nan"),
            thigh_length_px=self._thigh_length_px or float("nan"),
            torso_length_px=self._torso_length_px or float("nan"),
            orientation=orientation,
            floor_tilt_deg=self._floor_tilt_deg if orientation.orientation in FLOOR_ORIENTATIONS else 0.0,
            facing=_facing(points),
            body_speed=body_speed,
            reframed=cut is not None or shifted,
            pose=pose,
            points=points,
        )

    def _cut_scale(self, raw: np.ndarray, timestamp_s: float) -> float | None:
        """The body's change of scale if the camera cut or zoomed one frame ago, else None: steady before the cut
        and after it (so one frame of wrong landmarks, and its return, is not a cut)."""
        recent = [(t, points) for t, points in self._recent_raw if timestamp_s - t <= 3 * CUT_MAX_GAP_S]
        self._recent_raw = [*recent[-2:], (timestamp_s, raw)]
        if len(recent) < 3:
            return None
        frames = [points for _, points in recent] + [raw]
        changes = [_framing_change(a, b) for a, b in zip(frames, frames[1:])]
        overall = _framing_change(frames[1], raw)
        if any(change is None for change in changes) or overall is None:
            return None
        before, across, after = (_moved_less_than(c, CUT_STEADY_FACTOR, CUT_JUMP_SPREADS / 3) for c in changes)
        cut = not _moved_less_than(overall, CUT_SCALE_FACTOR, CUT_JUMP_SPREADS)
        return overall[0] if before and not across and after and cut else None

    def _start_afresh(self, scale: float) -> None:
        """After a cut (seen one frame late): no smoothing or speed across it; the lengths remembered before the cut
        frame follow the new scale."""
        if self._filter:
            self._filter.reset()
        leg, thigh, torso = self._recent_lengths[0]
        self._leg_length_px, self._thigh_length_px, self._torso_length_px = leg * scale, thigh * scale, torso * scale
        self._last_core = None
        self._recent_toes = []

    def _frame_shifted(self, raw: np.ndarray) -> bool:
        """Both toes moved together, the same way, through the last few frames: the camera is panning or zooming."""
        self._recent_toes = [*self._recent_toes[-FRAME_SHIFT_FRAMES:], raw[[L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX]]]
        if len(self._recent_toes) <= FRAME_SHIFT_FRAMES or not self._leg_length_px > 0:
            return False
        first, middle, last = self._recent_toes[0], self._recent_toes[FRAME_SHIFT_FRAMES // 2], self._recent_toes[-1]
        halves = [(b - a) / self._leg_length_px for a, b in ((first, middle), (middle, last))]
        for moves in halves:
            sizes = np.linalg.norm(moves, axis=1)
            if np.isnan(sizes).any() or sizes.min() < FRAME_SHIFT_LEG_LENGTHS or sizes.max() / sizes.min() > 2.0:
                return False
            if _cosine(moves[0], moves[1]) < 0.8:
                return False
        return _cosine(halves[0].mean(axis=0), halves[1].mean(axis=0)) > 0.8

    def _body_speed(self, points: np.ndarray, timestamp_s: float) -> float:
        core = np.stack([_mid(points, L.LEFT_HIP, L.RIGHT_HIP), points[L.LEFT_KNEE], points[L.RIGHT_KNEE]])
        last, self._last_core = self._last_core, core
        dt_s = 0.0 if self._last_time_s is None else timestamp_s - self._last_time_s
        if last is None or dt_s <= 0 or not self._leg_length_px > 0:
            return float("nan")
        speeds = np.linalg.norm(core - last, axis=1) / dt_s / self._leg_length_px
        return float(np.nanmax(speeds)) if not np.all(np.isnan(speeds)) else float("nan")

    def _update_lengths(self, points: np.ndarray, dt_s: float) -> None:
        """Remember the longest leg, thigh and torso seen; the memory fades when the person moves away."""
        decay = LEG_LENGTH_DECAY_PER_S**dt_s
        thighs = [geo.distance(points[marks["hip"]], points[marks["knee"]]) for marks in _SIDE_LANDMARKS.values()]
        legs = [
            thigh + geo.distance(points[marks["knee"]], points[marks["ankle"]])
            for thigh, marks in zip(thighs, _SIDE_LANDMARKS.values())
        ]
        torso = geo.distance(_mid(points, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(points, L.LEFT_HIP, L.RIGHT_HIP))
        self._leg_length_px = max(_nanmax(legs), self._leg_length_px * decay)
        self._thigh_length_px = max(_nanmax(thighs), self._thigh_length_px * decay)
        self._torso_length_px = max(_nanmax([torso]), self._torso_length_px * decay)

    def _update_floor_tilt(self, points: np.ndarray, orientation: BodyOrientation, dt_s: float) -> None:
        if orientation.orientation not in FLOOR_ORIENTATIONS or self._view is View.END:
            return
        tilt = _floor_line_deg(points, self._torso_length_px)
        if tilt != tilt:
            return
        weight = 1.0 - np.exp(-dt_s / FLOOR_TILT_TIME_CONSTANT_S) if dt_s > 0 else 0.1
        self._floor_tilt_deg += weight * (float(np.clip(tilt, -MAX_FLOOR_TILT_DEG, MAX_FLOOR_TILT_DEG)) - self._floor_tilt_deg)

    def _pick_near_side(self, pose: Pose, points: np.ndarray) -> Side:
        torso_length = float(geo.distance(_mid(points, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(points, L.LEFT_HIP, L.RIGHT_HIP)))
        if not torso_length > 0:
            return self._near_side
        parts = ("shoulder", "hip", "knee", "ankle")
        depth = {side: np.mean([pose.depth[_SIDE_LANDMARKS[side][p]] for p in parts]) for side in Side}
        visibility = {side: np.mean([pose.visibility[_SIDE_LANDMARKS[side][p]] for p in parts]) for side in Side}
        # Nearer means smaller depth; visibility breaks near-ties (a front view).
        other = self._near_side.other
        lead = (depth[self._near_side] - depth[other]) / torso_length - (visibility[self._near_side] - visibility[other])
        return other if lead > NEAR_SIDE_MARGIN else self._near_side

    def _classify_view(self, points: np.ndarray) -> View | None:
        torso_length = geo.distance(_mid(points, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(points, L.LEFT_HIP, L.RIGHT_HIP))
        widths = [geo.distance(points[L.LEFT_SHOULDER], points[L.RIGHT_SHOULDER]), geo.distance(points[L.LEFT_HIP], points[L.RIGHT_HIP])]
        width = float(np.nanmean(widths)) if not np.all(np.isnan(widths)) else float("nan")
        if not (torso_length > 0) or np.isnan(width):
            return self._view
        ratio = width / float(torso_length)
        # The current view is kept until the ratio clears its limit by VIEW_HYSTERESIS.
        side_limit = SIDE_VIEW_MAX_WIDTH_RATIO + (VIEW_HYSTERESIS if self._view is View.SIDE else 0.0)
        front_limit = FRONT_VIEW_MIN_WIDTH_RATIO - (VIEW_HYSTERESIS if self._view is View.FRONT else 0.0)
        end_limit = 1.0 / END_ON_TORSO_MAX_WIDTHS - (VIEW_HYSTERESIS if self._view is View.END else 0.0)
        if ratio > end_limit:
            return View.END
        if ratio < side_limit:
            return View.SIDE
        if ratio > front_limit:
            return View.FRONT
        return View.OBLIQUE
