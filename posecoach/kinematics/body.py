"""From one person's landmarks to named body measures: angles, near side, camera view and framing."""

from __future__ import annotations

import math
from collections.abc import Sequence
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
#: The width ratio is averaged over about this long before it is compared with the view limits: a body held near a
#: limit (a pose filmed 35-45 degrees off side-on reads 0.45-0.48, the front limit is 0.50) would otherwise be flipped
#: by one noisy frame and held in the wrong view by the hysteresis (a stretch's clock lost 3 s of a 5 s hold so).
VIEW_RATIO_TIME_CONSTANT_S = 0.15
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
_TORSO = (L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)
_TORSO_INDEX = np.array(_TORSO)
NAN = float("nan")


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
    #: Each thigh's own longest length seen lately, px: side-on the far one is shorter (further away, and its
    #: knee often hidden), so a reading of that thigh against the longest one would be off by the difference.
    side_thigh_length_px: dict[Side, float] = field(default_factory=lambda: {s: float("nan") for s in Side})
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


def _masked_points(pose: Pose, visible: np.ndarray | None = None) -> np.ndarray:
    """Landmark positions with hidden ones set to NaN, so every measure built on them is NaN too."""
    return np.where((_visible(pose) if visible is None else visible)[:, None], pose.xy, np.nan)


def framing_of(pose: Pose | None) -> Framing:
    return Framing(person_in_view=False) if pose is None else _framing(pose, _visible(pose))


def _framing(pose: Pose, visible: np.ndarray) -> Framing:
    seen = visible.tolist()
    # After someone walks out, VIDEO mode keeps returning a fading pose for ~1.5 s: demand a visible torso.
    if sum(seen[mark] for mark in _TORSO) < 3 or float(pose.presence[_TORSO_INDEX].sum()) / len(_TORSO) < MIN_VISIBILITY:
        return Framing(person_in_view=False)
    missing = tuple(part for part, marks in BODY_PARTS.items() if not any(seen[mark] for mark in marks))
    return Framing(person_in_view=True, missing_parts=missing)


def side_measures(points: Sequence[geo.Point], side: Side, leg_length_px: float) -> SideMeasures:
    """One side's angles from landmark positions (px, hidden ones NaN): rows of an array, or (x, y) pairs."""
    marks = _SIDE_LANDMARKS[side]
    shoulder, hip, knee = points[marks["shoulder"]], points[marks["hip"]], points[marks["knee"]]
    ankle, heel, toe = points[marks["ankle"]], points[marks["heel"]], points[marks["foot_index"]]
    foot_x, foot_y = toe[0] - heel[0], toe[1] - heel[1]
    foot_length = math.sqrt(foot_x * foot_x + foot_y * foot_y)
    return SideMeasures(
        knee=geo.joint_angle_2d(hip, knee, ankle),
        hip=geo.joint_angle_2d(shoulder, hip, knee),
        hip_line=geo.line_angle_signed_2d(shoulder, hip, knee),
        ankle=geo.joint_angle_2d(knee, ankle, toe),
        shin_from_vertical=geo.angle_from_vertical_2d(ankle, knee),
        thigh_from_horizontal=geo.angle_from_horizontal_2d(hip, knee),
        knee_past_toes=(knee[0] - toe[0]) * _sign(foot_x) / foot_length if foot_length > 0 else NAN,
        foot_pitch=math.degrees(math.atan2(toe[1] - heel[1], abs(foot_x))),
        knee_height=(ankle[1] - knee[1]) / leg_length_px if leg_length_px > 0 else NAN,
        ankle_y_px=float(ankle[1]),
    )


def _sign(value: float) -> float:
    """numpy's sign: -1, 0 or +1 (NaN for NaN)."""
    if value > 0:
        return 1.0
    if value < 0:
        return -1.0
    return 0.0 if value == 0 else NAN


def _facing(points: Sequence[geo.Point]) -> float:
    """Which way the nose points from the ears: +1 right, -1 left in the image; NaN if unclear."""
    ears = [x for x in (points[L.LEFT_EAR][0], points[L.RIGHT_EAR][0]) if x == x]
    nose = points[L.NOSE][0]
    if not ears or nose != nose:
        return NAN
    return _sign(nose - sum(ears) / len(ears))


def _moved_less_than(change: tuple[float, float], factor: float, jump_spreads: float) -> bool:
    """The framing change (scale, centre shift in spreads) stays under ``factor`` either way and ``jump_spreads``."""
    scale, jump = change
    return max(scale, 1.0 / scale) < factor and jump < jump_spreads


def _cosine(u: geo.Point, v: geo.Point) -> float:
    norms = math.sqrt(u[0] * u[0] + u[1] * u[1]) * math.sqrt(v[0] * v[0] + v[1] * v[1])
    return (u[0] * v[0] + u[1] * v[1]) / norms if norms > 0 else NAN


def _framing_change(a: _RawFrame, b: _RawFrame) -> tuple[float, float] | None:
    """How the landmarks seen in both frames changed: (spread in b / spread in a, centre shift in spreads of a).
    The spread is the RMS distance of the landmarks from their centre."""
    if a.seen_key == b.seen_key:
        both, key = a.seen, a.seen_key
    else:
        both = a.seen & b.seen
        key = both.tobytes()
    (centre_a, spread_a), (centre_b, spread_b) = a.centre_and_spread(both, key), b.centre_and_spread(both, key)
    if not (spread_a > 0 and spread_b > 0):  # NaN when fewer than 8 landmarks are seen in both
        return None
    return spread_b / spread_a, geo.distance_2d(centre_b, centre_a) / spread_a


def _nanmax(values: list[float]) -> float:
    finite = [v for v in values if v == v]
    return max(finite) if finite else 0.0


def _floor_line_deg(points: Sequence[geo.Point], torso_length_px: float) -> float:
    """The image angle of the floor under the body (positive when it rises to the right): the edge of the lower
    hull of the floor-contact landmarks that passes under the hips; NaN unless it spans a torso length."""
    contacts = [point for point in (points[mark] for mark in FLOOR_CONTACTS) if point[0] == point[0] and point[1] == point[1]]
    hips = [x for x in (points[L.LEFT_HIP][0], points[L.RIGHT_HIP][0]) if x == x]
    if len(contacts) < 2 or not torso_length_px > 0 or not hips:
        return NAN
    hips_x = sum(hips) / len(hips)
    hull: list[geo.Point] = []
    for point in sorted(contacts, key=lambda point: (point[0], -point[1])):  # by x; y up is -y
        while len(hull) >= 2 and _turn(hull[-2], hull[-1], point) <= 0:
            hull.pop()
        hull.append(point)
    for left, right in zip(hull, hull[1:]):
        if left[0] <= hips_x <= right[0]:
            if right[0] - left[0] < torso_length_px:
                return NAN
            return math.degrees(math.atan2(left[1] - right[1], right[0] - left[0]))
    return NAN


def _turn(a: geo.Point, b: geo.Point, c: geo.Point) -> float:
    """Cross product of a->b and a->c with y pointing up: positive for a left (counter-clockwise) turn."""
    return (b[0] - a[0]) * (a[1] - c[1]) - (a[1] - b[1]) * (c[0] - a[0])


class _RawFrame:
    """A frame's unsmoothed landmarks, kept for cut detection. A frame is compared with up to three others, nearly
    always on the same landmarks: their centre and spread are computed once per set of landmarks."""

    def __init__(self, time_s: float, points: np.ndarray) -> None:
        self.time_s = time_s
        self.points = points
        self.seen = ~np.isnan(points).any(axis=1)
        self.seen_key = self.seen.tobytes()
        self._centres_and_spreads: dict[bytes, tuple[np.ndarray | None, float]] = {}

    def centre_and_spread(self, landmarks: np.ndarray, key: bytes) -> tuple[np.ndarray | None, float]:
        """The centre and RMS spread (px) of ``landmarks`` (a mask; ``key`` its bytes); NaN spread under 8 landmarks."""
        if key not in self._centres_and_spreads:
            count = int(landmarks.sum())
            if count < 8:
                self._centres_and_spreads[key] = None, NAN
            else:
                points = self.points[landmarks]
                centre = points.sum(axis=0) / count  # sums, not means: numpy's mean is slow to call
                self._centres_and_spreads[key] = centre, math.sqrt(float(((points - centre) ** 2).sum(axis=1).sum()) / count)
        return self._centres_and_spreads[key]


class BodyTracker:
    """Turns a stream of poses into body measures, one person, frame by frame.

    Keeps the state that needs history: landmark smoothing, the near side and the view (both with
    hysteresis so they do not flicker) and the standing leg length used to normalise hip height.
    Per-frame measures are computed on the landmarks as Python floats (see ``geometry``).
    """

    def __init__(self, smooth: bool = True) -> None:
        self._filter = OneEuroFilter() if smooth else None
        self._near_side = Side.LEFT
        self._view: View | None = None
        self._view_ratio: float | None = None  # the averaged width ratio the view is classified from
        self._leg_length_px = 0.0
        self._thigh_length_px = 0.0
        self._side_thigh_px = {side: 0.0 for side in Side}  # forgotten across a cut (rebuilt from the next frames)
        self._torso_length_px = 0.0
        self._floor_tilt_deg = 0.0
        self._last_time_s: float | None = None
        self._last_core: list[geo.Point] | None = None  # hip centre and knees, px, for body_speed
        self._recent_raw: list[_RawFrame] = []  # the last three frames' unsmoothed landmarks, for cuts
        self._recent_lengths: list[tuple[float, float, float]] = []  # leg, thigh, torso memories before the last two frames
        self._recent_toes: list[list[list[float]]] = []  # the last frames' unsmoothed toes, for pans and zooms

    def reset(self) -> None:
        if self._filter:
            self._filter.reset()
        self._view = None
        self._view_ratio = None
        self._leg_length_px = self._thigh_length_px = self._torso_length_px = 0.0
        self._side_thigh_px = {side: 0.0 for side in Side}
        self._floor_tilt_deg = 0.0
        self._last_core = None
        self._recent_raw, self._recent_lengths, self._recent_toes = [], [], []

    def update(self, pose: Pose | None, timestamp_s: float) -> BodyMeasures:
        visible = None if pose is None else _visible(pose)
        framing = Framing(person_in_view=False) if pose is None or visible is None else _framing(pose, visible)
        if pose is None or not framing.person_in_view:
            self.reset()
            self._last_time_s = timestamp_s
            return BodyMeasures(timestamp_s, framing, pose=pose)
        self._recent_lengths = [*self._recent_lengths[-1:], (self._leg_length_px, self._thigh_length_px, self._torso_length_px)]
        raw = _masked_points(pose, visible)
        cut = self._cut_scale(raw, timestamp_s)
        if cut is not None:
            self._start_afresh(cut)
        shifted = self._frame_shifted(raw)
        if self._filter is not None:
            height = pose.image_size[1]
            pose = pose.with_xy(self._filter(pose.xy / height, timestamp_s) * height)
        points = _masked_points(pose)
        xy: list[list[float]] = points.tolist()
        shoulders = geo.mid_2d(xy[L.LEFT_SHOULDER], xy[L.RIGHT_SHOULDER])
        hips = geo.mid_2d(xy[L.LEFT_HIP], xy[L.RIGHT_HIP])
        torso_px = geo.distance_2d(shoulders, hips)
        body_speed = self._body_speed(xy, hips, timestamp_s)
        dt_s = 0.0 if self._last_time_s is None else max(timestamp_s - self._last_time_s, 0.0)
        self._update_lengths(xy, torso_px, dt_s)
        self._last_time_s = timestamp_s
        self._near_side = self._pick_near_side(pose, torso_px)
        self._view = self._classify_view(xy, dt_s)
        orientation = classify_orientation(xy, self._leg_length_px, pose.depth.tolist())
        self._update_floor_tilt(xy, orientation, dt_s)
        sides = {side: side_measures(xy, side, self._leg_length_px) for side in Side}
        ankles = geo.mid_2d(xy[L.LEFT_ANKLE], xy[L.RIGHT_ANKLE])
        ankle_spread = abs(xy[L.LEFT_ANKLE][0] - xy[L.RIGHT_ANKLE][0])
        knee_spread = abs(xy[L.LEFT_KNEE][0] - xy[L.RIGHT_KNEE][0])
        return BodyMeasures(
            timestamp_s=timestamp_s,
            framing=framing,
            view=self._view,
            near_side=self._near_side,
            sides=sides,
            trunk_from_vertical=geo.angle_from_vertical_2d(hips, shoulders),
            knee_width_ratio=knee_spread / ankle_spread if ankle_spread > 1.0 else NAN,
            hip_height=(ankles[1] - hips[1]) / self._leg_length_px if self._leg_length_px > 0 else NAN,
            leg_length_px=self._leg_length_px or NAN,
            thigh_length_px=self._thigh_length_px or NAN,
            side_thigh_length_px={side: length or NAN for side, length in self._side_thigh_px.items()},
            torso_length_px=self._torso_length_px or NAN,
            orientation=orientation,
            floor_tilt_deg=self._floor_tilt_deg if orientation.orientation in FLOOR_ORIENTATIONS else 0.0,
            facing=_facing(xy),
            body_speed=body_speed,
            reframed=cut is not None or shifted,
            pose=pose,
            points=points,
        )

    def _cut_scale(self, raw: np.ndarray, timestamp_s: float) -> float | None:
        """The body's change of scale if the camera cut or zoomed one frame ago, else None: steady before the cut
        and after it (so one frame of wrong landmarks, and its return, is not a cut)."""
        recent = [frame for frame in self._recent_raw if timestamp_s - frame.time_s <= 3 * CUT_MAX_GAP_S]
        latest = _RawFrame(timestamp_s, raw)
        self._recent_raw = [*recent[-2:], latest]
        if len(recent) < 3:
            return None
        frames = [*recent, latest]
        changes = [_framing_change(earlier, later) for earlier, later in zip(frames, frames[1:])]
        overall = _framing_change(frames[1], latest)
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
        self._side_thigh_px = {side: 0.0 for side in Side}
        self._view_ratio = None
        self._last_core = None
        self._recent_toes = []

    def _frame_shifted(self, raw: np.ndarray) -> bool:
        """Both toes moved together, the same way, through the last few frames: the camera is panning or zooming."""
        toes = raw[[L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX]].tolist()
        self._recent_toes = [*self._recent_toes[-FRAME_SHIFT_FRAMES:], toes]
        leg = self._leg_length_px
        if len(self._recent_toes) <= FRAME_SHIFT_FRAMES or not leg > 0:
            return False
        first, middle, last = self._recent_toes[0], self._recent_toes[FRAME_SHIFT_FRAMES // 2], self._recent_toes[-1]
        halves = [[((b[0] - a[0]) / leg, (b[1] - a[1]) / leg) for a, b in zip(start, end)] for start, end in ((first, middle), (middle, last))]
        for moves in halves:
            sizes = [math.sqrt(x * x + y * y) for x, y in moves]
            if any(size != size for size in sizes) or min(sizes) < FRAME_SHIFT_LEG_LENGTHS or max(sizes) / min(sizes) > 2.0:
                return False
            if _cosine(moves[0], moves[1]) < 0.8:
                return False
        return _cosine(*(geo.mid_2d(*moves) for moves in halves)) > 0.8

    def _body_speed(self, xy: list[list[float]], hips: geo.Point, timestamp_s: float) -> float:
        core = [hips, xy[L.LEFT_KNEE], xy[L.RIGHT_KNEE]]
        last, self._last_core = self._last_core, core
        dt_s = 0.0 if self._last_time_s is None else timestamp_s - self._last_time_s
        if last is None or dt_s <= 0 or not self._leg_length_px > 0:
            return NAN
        speeds = [geo.distance_2d(now, then) / dt_s / self._leg_length_px for now, then in zip(core, last)]
        return _nanmax(speeds) if any(speed == speed for speed in speeds) else NAN

    def _update_lengths(self, xy: list[list[float]], torso_px: float, dt_s: float) -> None:
        """Remember the longest leg, thigh and torso seen; the memory fades when the person moves away."""
        decay = LEG_LENGTH_DECAY_PER_S**dt_s
        thighs = [geo.distance_2d(xy[marks["hip"]], xy[marks["knee"]]) for marks in _SIDE_LANDMARKS.values()]
        legs = [
            thigh + geo.distance_2d(xy[marks["knee"]], xy[marks["ankle"]])
            for thigh, marks in zip(thighs, _SIDE_LANDMARKS.values())
        ]
        self._leg_length_px = max(_nanmax(legs), self._leg_length_px * decay)
        self._thigh_length_px = max(_nanmax(thighs), self._thigh_length_px * decay)
        for side, thigh in zip(_SIDE_LANDMARKS, thighs):
            self._side_thigh_px[side] = max(_nanmax([thigh]), self._side_thigh_px[side] * decay)
        self._torso_length_px = max(_nanmax([torso_px]), self._torso_length_px * decay)

    def _update_floor_tilt(self, xy: list[list[float]], orientation: BodyOrientation, dt_s: float) -> None:
        if orientation.orientation not in FLOOR_ORIENTATIONS or self._view is View.END:
            return
        tilt = _floor_line_deg(xy, self._torso_length_px)
        if tilt != tilt:
            return
        weight = 1.0 - math.exp(-dt_s / FLOOR_TILT_TIME_CONSTANT_S) if dt_s > 0 else 0.1
        self._floor_tilt_deg += weight * (min(max(tilt, -MAX_FLOOR_TILT_DEG), MAX_FLOOR_TILT_DEG) - self._floor_tilt_deg)

    def _pick_near_side(self, pose: Pose, torso_px: float) -> Side:
        if not torso_px > 0:
            return self._near_side
        parts = ("shoulder", "hip", "knee", "ankle")
        depth, visibility = pose.depth.tolist(), pose.visibility.tolist()
        mean_depth = {side: sum(depth[_SIDE_LANDMARKS[side][p]] for p in parts) / len(parts) for side in Side}
        mean_visibility = {side: sum(visibility[_SIDE_LANDMARKS[side][p]] for p in parts) / len(parts) for side in Side}
        # Nearer means smaller depth; visibility breaks near-ties (a front view).
        near, other = self._near_side, self._near_side.other
        lead = (mean_depth[near] - mean_depth[other]) / torso_px - (mean_visibility[near] - mean_visibility[other])
        return other if lead > NEAR_SIDE_MARGIN else near

    def _classify_view(self, xy: list[list[float]], dt_s: float) -> View | None:
        torso_px = geo.distance_2d(geo.mid_2d(xy[L.LEFT_SHOULDER], xy[L.RIGHT_SHOULDER]), geo.mid_2d(xy[L.LEFT_HIP], xy[L.RIGHT_HIP]))
        widths = [geo.distance_2d(xy[L.LEFT_SHOULDER], xy[L.RIGHT_SHOULDER]), geo.distance_2d(xy[L.LEFT_HIP], xy[L.RIGHT_HIP])]
        seen = [width for width in widths if width == width]
        if not (torso_px > 0) or not seen:
            return self._view
        ratio = sum(seen) / len(seen) / torso_px
        if self._view_ratio is not None:
            ratio = self._view_ratio + (1.0 - math.exp(-dt_s / VIEW_RATIO_TIME_CONSTANT_S)) * (ratio - self._view_ratio)
        self._view_ratio = ratio
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
