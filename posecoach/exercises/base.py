"""The declarative vocabulary exercises are written in: thresholds, phase signals, form rules, posture checks.

An exercise module builds one ``RepExercise`` or ``HoldExercise`` from these parts and names it
``EXERCISE``; the registry finds it. The engines in ``posecoach.checker`` run them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar
from enum import Enum

import numpy as np

from posecoach.bouts import BoutStart, BoutSummary
from posecoach.events import RepRecord
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.landmarks import Landmark

SAFETY_NOTE = (
    "Stop if it hurts. Mild effort and stretch are fine; sharp or increasing pain is not. "
    "Ask a physiotherapist or doctor if pain persists."
)


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float
    unit: str  # "deg", "s", "foot lengths", ...
    why: str  # what it means physically, and where the number comes from

    def __str__(self) -> str:
        return f"{self.name} = {self.value:g} {self.unit}"


class Phase(str, Enum):
    """Where a rep is. OUT moves away from the start position (down in a squat, up in a bridge)."""

    REST = "rest"
    OUT = "out"
    PEAK = "peak"  # past the full-range threshold: the bottom of a squat, the top of a bridge
    BACK = "back"


ALL_REP_PHASES = frozenset({Phase.OUT, Phase.PEAK, Phase.BACK})
ALL_VIEWS = frozenset(View)

#: A reading of the body in one frame; ``start`` is the start position just before the rep (for rules relative to it).
Reading = Callable[[BodyMeasures], float]
RelativeReading = Callable[[BodyMeasures, BodyMeasures], float]


class Fault(str, Enum):
    ABOVE = "above"  # a fault when the reading is above the limit
    BELOW = "below"


@dataclass(frozen=True)
class Range:
    low: Threshold | None = None
    high: Threshold | None = None

    def holds(self, value: float) -> bool | None:
        if math.isnan(value):
            return None
        return (self.low is None or value >= self.low.value) and (self.high is None or value <= self.high.value)

    @property
    def limits(self) -> list[Threshold]:
        return [limit for limit in (self.low, self.high) if limit is not None]


@dataclass(frozen=True)
class RestCheck:
    """A second reading that tells the start position, for a movement whose phase signal does not come back to one
    level: at the top of a split squat the feet stay apart, so the hips stop below standing height although the
    front leg is straight again. While it holds, the body is at rest whatever the phase signal reads."""

    name: str
    read: Reading
    at_rest: Range

    def holds(self, measures: BodyMeasures) -> bool:
        return self.at_rest.holds(self.read(measures)) is True


@dataclass(frozen=True)
class PhaseSignal:
    """The one number whose swing makes a rep, with hysteresis: leave rest past ``leave``, come back past ``rest``
    (or to where ``rest_also`` holds)."""

    name: str  # e.g. "knee angle"
    unit: str
    read: Reading
    rest: Threshold
    leave: Threshold
    full: Threshold
    #: How far the signal must come back from its extreme before an unfinished rep is judged short.
    turnaround: Threshold
    #: Read the thresholds from the signal's own value at rest (its median over the last ~1.5 s at rest), for a
    #: small movement whose resting value depends on the body and the camera (a superman's few inches).
    from_rest: bool = False
    #: With ``from_rest``: the body unit (in the reading's units, e.g. the leg length in pixels) the difference
    #: from rest is divided by, for a reading that is a position in the image (a foot's height), whose resting
    #: value is only comparable in pixels.
    rest_unit: Reading | None = None
    #: With ``from_rest``: which quantile of the values at rest is the resting value (0.5: their median). A low one
    #: for a reading that rests on the floor and only leaves it one way (a foot during jumps, whose frames at rest
    #: include the push-off and the landing).
    rest_quantile: float = 0.5
    #: With ``from_rest``: the reading swings either way from rest (knees swaying left or right): the signal is its
    #: distance from the resting value, whichever way.
    either_way: bool = False
    rest_also: RestCheck | None = None

    @property
    def decreasing(self) -> bool:
        return self.full.value < self.rest.value

    def past(self, value: float, threshold: Threshold) -> bool:
        """Beyond ``threshold`` in the direction the rep moves (below it for a squat's knee angle)."""
        return value <= threshold.value if self.decreasing else value >= threshold.value

    def at_rest(self, value: float) -> bool:
        return value >= self.rest.value if self.decreasing else value <= self.rest.value

    def more_extreme(self, value: float, than: float) -> bool:
        return value < than if self.decreasing else value > than

    def resting(self, value: float, measures: BodyMeasures) -> bool:
        """Back in the start position: the signal past ``rest``, or ``rest_also`` holds."""
        return self.at_rest(value) or (self.rest_also is not None and self.rest_also.holds(measures))

    @property
    def thresholds(self) -> list[Threshold]:
        return [self.rest, self.leave, self.full, self.turnaround, *(self.rest_also.at_rest.limits if self.rest_also else [])]


@dataclass(frozen=True)
class FormRule:
    """A form fault judged frame by frame in the phases it applies to, reported once per rep with its cue."""

    code: str
    cue: str
    reading: RelativeReading
    limit: Threshold
    fault_when: Fault
    phases: frozenset[Phase] = ALL_REP_PHASES
    views: frozenset[View] = ALL_VIEWS
    #: The fault must last this long before it counts: a single noisy frame never produces a cue.
    min_duration_s: float = 0.25
    priority: int = 0  # higher wins when several cues compete for the screen

    def is_fault(self, now: BodyMeasures, start: BodyMeasures) -> bool | None:
        value = self.reading(now, start)
        if math.isnan(value):
            return None  # hidden joint: no judgement
        return value > self.limit.value if self.fault_when is Fault.ABOVE else value < self.limit.value


@dataclass(frozen=True)
class RepRule:
    """A fault judged once a rep is over, from its record (e.g. no pause at the top)."""

    code: str
    cue: str
    fault: Callable[[RepRecord], bool]
    limit: Threshold


class Sides(str, Enum):
    """How an exercise with a left and a right is worked."""

    NONE = "none"  # both sides at once (squat, superman)
    BLOCKED = "blocked"  # all reps on one side, then the other: "10 each side"
    ALTERNATING = "alternating"  # left, right, left...: bird dog, pelvic rolls
    EITHER = "either"  # both at once or one at a time (a bridge on two legs or on one): per side once one-sided


#: Which side worked in a rep, read from the start position just before it and its peak frame (None: cannot be told).
SideOfRep = Callable[[BodyMeasures, BodyMeasures], Side | None]


#: A hold broken for no longer than this (s) is still one hold: one or two frames of a landmark glitch (a foot
#: read 10 cm low), not a lowering, which with the lift back up takes over half a second.
HOLD_BLIP_S = 0.25
#: A hold is timed around the rep's extreme read on the signal's running median over this share of the shortest
#: hold: landmark jitter makes spikes, and a spike taken for the extreme would leave a steady hold just outside the
#: band around it (rendered supermans with 0.4% of the image height of extra jitter: clean holds read as skipped).
HOLD_MEDIAN_SHARE = 0.4


@dataclass(frozen=True)
class RepSpan:
    """The frames of one finished rep, for readings of the whole movement (a swing's range, how a jump landed)."""

    lead_in: tuple[BodyMeasures, ...]  # the frames at rest just before it (at most the checker's reference window)
    rest: BodyMeasures  # the most rest-like of them: the start position (a swing's far end before it)
    start: BodyMeasures  # the frame it left rest
    peak: BodyMeasures  # its extreme
    end: BodyMeasures  # the frame it came back to rest
    settle: tuple[BodyMeasures, ...] = ()  # the frames after that, while it settles (``RepExercise.settle_s``)

    @property
    def after(self) -> tuple[BodyMeasures, ...]:
        """The end frame and the settling frames: where the movement came to rest (a jump's landing)."""
        return (self.end, *self.settle)


#: A reading of a whole rep, stored with its angles (``RepRecord.angles``) where ``RepRule``s can judge it.
SpanReading = Callable[[RepSpan], float]


@dataclass(frozen=True)
class Bouts:
    """For a movement repeated without stopping (swings, jumps, side steps): reps closer together than
    ``max_gap_s`` (and on the same side) form one bout, and the time between bouts is a break. The reports give the
    time spent in bouts per side, the reps per minute within them and the breaks."""

    max_gap_s: Threshold
    activity: str = "moving"  # the report's word: "time jumping", "time swinging"
    #: Reps of a bout count only once it has this many (then all of them): one excursion is not a run of them.
    min_reps: Threshold | None = None
    range_reading: str = ""  # a rep reading that is the rep's range in degrees (its mean per side is reported)

    def thresholds(self) -> list[Threshold]:
        return [self.max_gap_s, *([self.min_reps] if self.min_reps else [])]

    def start_gate(self) -> BoutStart:
        return BoutStart(self.max_gap_s.value, int(self.min_reps.value) if self.min_reps else 1)

    def summary(self, reps: Iterable[RepRecord]) -> BoutSummary:
        return BoutSummary.of(reps, self.max_gap_s.value, self.activity, self.range_reading)


@dataclass(frozen=True)
class QuickRep:
    """A rep quicker than ``min_rep_s`` that is still one: its signal went at least ``depth`` from its value at rest
    just before it (a wobble about ``leave`` moves a little), and it took at least ``min_s`` (faster is a flicker of
    the landmarks: a body cannot go that far and back so quickly)."""

    depth: Threshold
    min_s: Threshold

    def thresholds(self) -> list[Threshold]:
        return [self.depth, self.min_s]

    def holds(self, travel: float, duration_s: float) -> bool:
        return travel >= self.depth.value and duration_s >= self.min_s.value


def _running_median(samples: list[tuple[float, float]], window_s: float) -> list[float]:
    """Each (time, value) sample's median over the samples within about ``window_s / 2`` of it (counted in frames at
    the samples' mean spacing: this runs on every live frame of a rep)."""
    values = np.array([value for _, value in samples], dtype=float)
    spacing_s = (samples[-1][0] - samples[0][0]) / (len(samples) - 1) if len(samples) > 1 else 0.0
    half = int(window_s / 2 / spacing_s) if spacing_s > 0 else 0
    if half == 0:
        return values.tolist()
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(values, half, constant_values=np.nan), 2 * half + 1)
    return np.nanmedian(windows, axis=1).tolist()


@dataclass(frozen=True)
class PeakHold:
    """A rep that is held at its peak (bird dog, superman, a bridge's squeeze): a counted rep held for less
    than ``min_s`` in the full-range zone carries ``code`` and its cue."""

    min_s: Threshold
    cue: str
    code: str = "no_hold"
    #: If set, the hold is the longest stretch the signal stays within this of the rep's extreme (for a small or
    #: slow movement, where time past the full-range threshold includes the lift itself); else time past it.
    band: Threshold | None = None

    def held_s(self, samples: list[tuple[float, float]], extreme: float, time_past_full_s: float) -> float:
        """The hold of one rep from its (time, signal value) samples."""
        if self.band is None:
            return time_past_full_s
        steady = _running_median(samples, HOLD_MEDIAN_SHARE * self.min_s.value)
        top = min(steady, key=lambda value: abs(value - extreme), default=extreme)  # the extreme, spikes left out
        longest = 0.0
        since: float | None = None
        last_in_s = float("-inf")
        for (time_s, _), value in zip(samples, steady):
            if abs(value - top) <= self.band.value:
                if since is None or time_s - last_in_s > HOLD_BLIP_S:
                    since = time_s
                last_in_s = time_s
                longest = max(longest, time_s - since)
        return longest

    def skipped(self, rep: RepRecord) -> bool:
        return rep.peak_hold_s < self.min_s.value

    def rule(self) -> RepRule:
        return RepRule(self.code, self.cue, fault=self.skipped, limit=self.min_s)

    def thresholds(self) -> list[Threshold]:
        return [self.min_s] + ([self.band] if self.band else [])


@dataclass(frozen=True)
class KeyAngle:
    """A reading shown on the overlay and stored with each rep; ``at`` says where it is drawn (an image point)."""

    read: Reading
    at: Callable[[BodyMeasures], np.ndarray] | None = None
    label: str = ""  # the overlay's word for it; the key's name with spaces by default

    def __call__(self, measures: BodyMeasures) -> float:
        return self.read(measures)


def near_joint(part: str) -> Callable[[BodyMeasures], np.ndarray]:
    """Where to draw at the near side's ``part`` (``"knee"``, ``"hip"``, ...)."""
    return lambda m: m.point(Landmark[f"{m.near_side.name}_{part.upper()}"])


@dataclass(frozen=True)
class PostureCheck:
    """One condition of a held posture, judged for the side being stretched."""

    code: str
    cue: str
    reading: Callable[[BodyMeasures, Side | None], float]
    allowed: Range


@dataclass(frozen=True)
class SideUntold:
    """How a stretch with sides is timed from a view that shows the position but not which side works (a figure four
    side-on: MediaPipe draws the crossed leg onto the other). In a frame where ``side_of`` tells no side, ``posture``
    judges the position without one (its readings get ``None``); the time goes to no side ("side not seen") and
    counts toward both sides' targets together, and at one side's target the user is told to switch sides."""

    posture: tuple[PostureCheck, ...]
    #: Why the side is not seen, in the user's words (the report and the live panel show it).
    note: str


@dataclass(frozen=True)
class ExerciseBase:
    name: str  # registry key, e.g. "squat"
    title: str
    how_to: str
    target: str  # e.g. "2 sets of 10"
    wrong_view_cue: str
    #: The camera views it is coached from; a ``RepExercise`` takes them from its ``signals`` (one per view).
    views: frozenset[View] = frozenset()
    required_parts: tuple[str, ...] = ("head", "shoulders", "hips", "knees", "ankles")
    #: Shown on the overlay (at the point a ``KeyAngle`` names) and stored per rep.
    key_angles: dict[str, KeyAngle | Reading] = field(default_factory=dict)
    #: The body orientations the exercise is done in; while the body is in another one (and it can be told),
    #: ``orientation_cue`` is shown as guidance and nothing is counted. Empty: not checked.
    orientations: frozenset[Orientation] = frozenset()
    orientation_cue: str = ""
    #: Judge the camera view before the orientation: for an exercise whose orientation reads right only from the
    #: views it names (half-kneeling filmed from the front reads as all fours or standing, and "kneel on one knee"
    #: would be said to someone kneeling); the user then hears how to place the camera instead.
    view_first: bool = False
    #: Where to put the camera, in the user's words ("Lie on your side facing the camera, ...").
    camera: str = ""
    #: The body position the exercise is done in (e.g. lying down for a bridge): while a check fails,
    #: its cue is shown as guidance and nothing is counted.
    position: tuple[PostureCheck, ...] = ()
    #: Thresholds used by the module's own readings, listed with the others.
    other_thresholds: tuple[Threshold, ...] = ()
    safety: str = SAFETY_NOTE

    def position_thresholds(self) -> list[Threshold]:
        limits = [limit for check in self.position for limit in (check.allowed.low, check.allowed.high)]
        return [limit for limit in limits if limit is not None] + list(self.other_thresholds)


@dataclass(frozen=True)
class RepExercise(ExerciseBase):
    signals: dict[View, PhaseSignal] = field(default_factory=dict)  # the phase signal for each supported view
    #: The issue code of a rep short of full range (an attempt, not counted); None: short swings are ignored.
    partial_code: str | None = "partial"
    partial_cue: str = "Go through the full range to count the rep."
    form_rules: tuple[FormRule, ...] = ()
    rep_rules: tuple[RepRule, ...] = ()
    min_rep_s: Threshold = Threshold("min_rep_s", 0.6, "s", "faster swings are noise, not reps")
    #: A rep lasting longer than this (from leaving rest to coming back) is some other movement, not this one.
    max_rep_s: Threshold | None = None
    #: A rep shorter than ``min_rep_s`` that still counts (or is an attempt) when it went far enough, not too fast.
    quick_rep: QuickRep | None = None
    sides: Sides = Sides.NONE
    #: For an exercise with sides: which side a rep worked, detected from its start and peak frames.
    side_of: SideOfRep | None = None
    peak_hold: PeakHold | None = None
    #: Readings of each whole rep (e.g. a swing's range from its far end to its peak), stored with its angles.
    rep_readings: dict[str, SpanReading] = field(default_factory=dict)
    #: After coming back to rest a rep stays open this long (or until the next one leaves rest) so that
    #: ``rep_readings`` can see where it settled: how a jump landed, whether the feet met after a side step.
    settle_s: Threshold | None = None
    #: Reps repeated without stopping: time per side, reps per minute and breaks are reported (``Bouts``).
    bouts: Bouts | None = None
    #: How each phase is shown to the user ("going down" reads better than "out").
    phase_words: dict[Phase, str] = field(
        default_factory=lambda: {Phase.REST: "ready", Phase.OUT: "moving", Phase.PEAK: "hold", Phase.BACK: "returning"}
    )
    kind: ClassVar[str] = "reps"

    def __post_init__(self) -> None:
        if self.views and self.views != frozenset(self.signals):
            raise ValueError(f"{self.name}: the views are those of its signals; leave `views` out")
        object.__setattr__(self, "views", frozenset(self.signals))

    def thresholds(self) -> list[Threshold]:
        found: list[Threshold] = [self.min_rep_s, *([self.max_rep_s] if self.max_rep_s else []), *self.position_thresholds()]
        found += self.quick_rep.thresholds() if self.quick_rep else []
        for signal in self.signals.values():
            found += signal.thresholds
        found += [rule.limit for rule in self.form_rules] + [rule.limit for rule in self.all_rep_rules]
        found += self.peak_hold.thresholds() if self.peak_hold else []
        found += ([self.settle_s] if self.settle_s else []) + (self.bouts.thresholds() if self.bouts else [])
        return _unique(found)

    @property
    def all_rep_rules(self) -> tuple[RepRule, ...]:
        return self.rep_rules + ((self.peak_hold.rule(),) if self.peak_hold else ())


@dataclass(frozen=True)
class HoldExercise(ExerciseBase):
    posture: tuple[PostureCheck, ...] = ()
    #: Which side is being worked, from the body (None in a frame where it cannot be told);
    #: leave unset for an exercise without sides.
    side_of: Callable[[BodyMeasures], Side | None] | None = None
    #: Opt-in for an exercise with sides: time the position where the side cannot be told (see ``SideUntold``).
    side_untold: SideUntold | None = None
    target_s: Threshold = Threshold("target_s", 30.0, "s", "hold time per side")
    grace_s: Threshold = Threshold("grace_s", 1.0, "s", "a break shorter than this does not stop the clock")
    still_max_speed: Threshold = Threshold(
        "still_max_speed", 0.15, "leg lengths/s",
        "hips and knees slower than this are holding still; moving into or out of the position runs at "
        "0.3-0.8, a held stretch with breathing and sway stays under 0.1",
    )  # fmt: skip
    #: Faster than ``still_max_speed`` is moving only if the hips and knees also got somewhere lately.
    settle_max_travel: Threshold = Threshold(
        "settle_max_travel", 0.25, "leg lengths/s",
        "net travel of the hips and knees over the checker's half-second settle window, per second: moving into or "
        "out of the position nets 0.3-0.8, while gentle rocking (+-5 cm at a 2-4 s period) nets under 0.16 and "
        "landmark jitter cancels out, though both often pass 0.15 frame to frame",
    )  # fmt: skip
    #: Gentle cues judged only while the clock runs: a failing one is said (one at a time, rarely) and noted on
    #: the hold, but the position still counts (e.g. knees that could drop further in a butterfly).
    advice: tuple[PostureCheck, ...] = ()
    kind: ClassVar[str] = "hold"

    def __post_init__(self) -> None:
        if not self.views:
            raise ValueError(f"{self.name}: a held exercise names the camera views it is coached from")
        if self.side_untold is not None and self.side_of is None:
            raise ValueError(f"{self.name}: only an exercise with sides can have a side untold")

    @property
    def untold_target_s(self) -> float:
        """The target of time whose side was not seen: both sides' targets together."""
        return 2 * self.target_s.value

    def untold_message(self) -> str:
        """What the user is told while a hold's side is not seen (empty for an exercise without ``side_untold``)."""
        if self.side_untold is None:
            return ""
        return (
            f"Side not seen from here ({self.side_untold.note}): the time counts toward both sides, "
            f"{self.untold_target_s:g} s in all. Switch sides at {self.target_s.value:g} s."
        )

    def thresholds(self) -> list[Threshold]:
        found = [self.target_s, self.grace_s, self.still_max_speed, self.settle_max_travel, *self.position_thresholds()]
        for check in self.posture + self.advice + (self.side_untold.posture if self.side_untold else ()):
            found += [limit for limit in (check.allowed.low, check.allowed.high) if limit is not None]
        return _unique(found)


Exercise = RepExercise | HoldExercise


def _unique(thresholds: list[Threshold]) -> list[Threshold]:
    seen: dict[str, Threshold] = {}
    for threshold in thresholds:
        seen.setdefault(threshold.name, threshold)
    return list(seen.values())
