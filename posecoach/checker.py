"""The exercise checker stage: rep and hold state machines that run any declarative exercise.

Each checker is fed one ``BodyMeasures`` per frame (plus the frame's guidance, if any) and returns
the events that happened in that frame; ``records`` holds everything so far for reports.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

from posecoach.bouts import BoutSummary
from posecoach.events import CheckerStatus, Event, EventKind, Guidance, HoldRecord, Issue, RepRecord
from posecoach.exercises.base import (
    Exercise, FormRule, HoldExercise, Phase, PhaseSignal, PostureCheck, RepExercise, RepSpan, Sides,
)
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.landmarks import Landmark

#: A cue stays on screen at least this long before another may replace it.
CUE_MIN_DISPLAY_S = 2.0
#: The same cue is not repeated sooner than this.
CUE_REPEAT_COOLDOWN_S = 6.0
#: A guidance problem must last this long before it is shown (one lost frame is not news).
GUIDANCE_DEBOUNCE_S = 0.5
#: A rep that has gone no further for this long, short of the full range, has stopped short: the
#: partial-rep cue comes now, while the person is still there (a low bridge held at the top), not
#: only once the rep turns back. Progress is a move past the rep's extreme by more than half the
#: signal's turnaround (4 deg for a bridge): landmark jitter at a still hold, worse on a compressed
#: webcam stream, creeps the extreme by less.
SHORT_STALL_S = 0.5
#: A rep survives this long without usable frames (occlusion, dropped frames); longer and it is dropped.
MAX_GAP_S = 1.0
#: Rules compare with the most rest-like frame of this last stretch at rest before a rep (its start position).
REFERENCE_WINDOW_S = 1.0
#: A signal read from rest is measured from its median over about this many frames at rest (~1.5 s at 30 fps).
REST_BASELINE_FRAMES = 45
#: The window over which a hold judges the net travel of the hips and knees: gentle rocking and landmark
#: jitter go back and forth and cancel out within it, a move into or out of the position does not.
SETTLE_WINDOW_S = 0.5
#: A new hold starts once the position has held, settled, this long; the clock is then credited from its start.
#: Coming into a position ends with the body slowing down: the net travel over the settle window lags the movement
#: (it averages in the still frames before), so one settled reading mid-move is not a hold. Half a second is the
#: settle window, longer than the 0.2-0.4 s that landmark smoothing keeps a finished move looking settled.
SETTLE_TO_START_S = 0.5
#: The codes of the events of time whose side was not seen (``SideUntold``): one side's target reached, switch;
#: both sides' targets reached.
UNTOLD_SWITCH = "untold_switch"
UNTOLD_DONE = "untold_done"
#: A leg (hip-knee-ankle, ~0.9 m) is about this many torsos (mid-shoulders to mid-hips, ~0.5 m). Lying twisted or
#: with the legs pointing at the camera, the legs look short for long enough that the remembered leg length fades;
#: the torso seen side-on then gives the truer scale for travel.
LEG_TORSOS = 1.8
#: A gentle hold cue (``HoldExercise.advice``) waits until its fault has lasted this long: a stretch is held for
#: half a minute, so the cue can wait for a settled position instead of reacting to a breath.
ADVICE_MIN_S = 2.0
#: The same hold cue (posture or advice) is said at most once in this long, so a hold (or someone resting between
#: sides) is not talked through.
HOLD_CUE_REPEAT_S = 20.0
GUIDANCE_MESSAGES: dict[Guidance, str] = {
    Guidance.NO_PERSON: "Step into view so the camera can see you.",
    Guidance.NOT_FULL_BODY: "Step back so your {parts} are in view.",
    Guidance.SEVERAL_PEOPLE: "Several people in view: counting resumes when you are alone in the frame.",
    Guidance.TOO_DARK: "It is too dark to see you well: turn on a light or face a window.",
}


def guidance_for(
    exercise: Exercise, measures: BodyMeasures, people: int = 1, too_dark: bool = False, at_rest: bool = True
) -> tuple[Guidance | None, str]:
    """The first thing standing in the way of counting, in order, with its message.

    Every kind of guidance pauses counting. With several people in view, the person nearest the
    centre is still tracked and drawn, but it may be a different one from frame to frame.

    The exercise's set-up position is judged only at rest: mid-rep the body leaves it by design.
    """
    framing = measures.framing
    if not framing.person_in_view:
        return Guidance.NO_PERSON, GUIDANCE_MESSAGES[Guidance.NO_PERSON]
    missing = [part for part in exercise.required_parts if part in framing.missing_parts]
    if missing:
        return Guidance.NOT_FULL_BODY, GUIDANCE_MESSAGES[Guidance.NOT_FULL_BODY].format(parts=_join(missing))
    if exercise.view_first and measures.view is not None and measures.view not in exercise.views:
        return Guidance.WRONG_VIEW, exercise.wrong_view_cue
    orientation = measures.orientation.orientation
    if at_rest and exercise.orientations and orientation is not None and orientation not in exercise.orientations:
        return Guidance.WRONG_ORIENTATION, exercise.orientation_cue
    if measures.view not in exercise.views:
        return Guidance.WRONG_VIEW, exercise.wrong_view_cue
    for check in exercise.position if at_rest else ():
        if check.allowed.holds(check.reading(measures, None)) is False:
            return Guidance.WRONG_POSITION, check.cue
    if people > 1:
        return Guidance.SEVERAL_PEOPLE, GUIDANCE_MESSAGES[Guidance.SEVERAL_PEOPLE]
    if too_dark:
        return Guidance.TOO_DARK, GUIDANCE_MESSAGES[Guidance.TOO_DARK]
    return None, ""


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class CueBoard:
    """One cue at a time: a new cue waits until the current one has been up long enough; no repeats in a row."""

    def __init__(self) -> None:
        self.code = ""
        self.message = ""
        self._shown_at_s = float("-inf")
        self._last_shown_s: dict[str, float] = {}

    def offer(self, code: str, message: str, now_s: float) -> Event | None:
        if self.code and now_s - self._shown_at_s < CUE_MIN_DISPLAY_S:
            return None
        if now_s - self._last_shown_s.get(code, float("-inf")) < CUE_REPEAT_COOLDOWN_S:
            return None
        self.code, self.message, self._shown_at_s = code, message, now_s
        self._last_shown_s[code] = now_s
        return Event(EventKind.CUE, now_s, message, code)

    def new_rep(self) -> None:
        """A new rep starts: the last rep's cue is cleared and its faults may be cued again (they are news)."""
        self.code = self.message = ""
        self._shown_at_s = float("-inf")
        self._last_shown_s.clear()

    def current(self, now_s: float) -> tuple[str, str]:
        """The cue to show now; a cue is cleared a while after its minimum display time."""
        if now_s - self._shown_at_s > CUE_MIN_DISPLAY_S + 1.5:
            self.code = self.message = ""
        return self.code, self.message


class GuidanceGate:
    """Debounces guidance so that one bad frame neither blocks counting nor flashes a message."""

    def __init__(self) -> None:
        self.shown: Guidance | None = None
        self.message = ""
        self._candidate: Guidance | None = None
        self._candidate_since_s = 0.0

    def update(self, guidance: Guidance | None, message: str, now_s: float) -> Event | None:
        if guidance != self._candidate:
            self._candidate, self._candidate_since_s = guidance, now_s
        settled = guidance is None or now_s - self._candidate_since_s >= GUIDANCE_DEBOUNCE_S
        if not settled or (guidance == self.shown and message == self.message):
            return None
        self.shown, self.message = guidance, message
        return Event(EventKind.GUIDANCE, now_s, message, guidance.value) if guidance else None


class RestBaseline:
    """For a signal read ``from_rest``: its value at rest (the median of the last ``REST_BASELINE_FRAMES`` at
    rest), which is subtracted from every reading. Frozen during a rep; forgotten while the set-up is off (the
    person may come back in another place or position)."""

    def __init__(self) -> None:
        self._values: deque[float] = deque(maxlen=REST_BASELINE_FRAMES)

    def reset(self) -> None:
        self._values.clear()

    def relative(self, signal: PhaseSignal, value: float, resting: bool, measures: BodyMeasures) -> float:
        if not signal.from_rest or value != value:
            return value
        baseline = float(np.quantile(self._values, signal.rest_quantile)) if self._values else value
        unit = signal.rest_unit(measures) if signal.rest_unit else 1.0
        relative = (value - baseline) / unit if unit > 0 else float("nan")
        if signal.either_way:
            relative = abs(relative)
        if resting and not signal.past(relative, signal.leave):
            self._values.append(value)
        return relative


@dataclass
class _RepInProgress:
    start: BodyMeasures
    #: The start position before the rep (see ``REFERENCE_WINDOW_S``): what rules compare with ("since the
    #: start"), so a fault that grows with the movement is measured whole, not from where the signal crossed ``leave``.
    rest: BodyMeasures
    rest_value: float  # the signal there
    signal: PhaseSignal
    #: The frame form rules compare with: the start, or the first frame after the camera cut, zoomed or panned.
    baseline: BodyMeasures
    extreme_value: float
    extreme: BodyMeasures
    reached_full: bool = False
    peak_time_s: float = 0.0
    progress_value: float = float("nan")  # the extreme when the rep last made progress
    progress_at_s: float = 0.0
    samples: list[tuple[float, float]] = field(default_factory=list)  # (time, signal value), for the hold
    short_cue_given: bool = False
    last_time_s: float = 0.0
    issues: dict[str, Issue] = field(default_factory=dict)
    fault_since_s: dict[str, float] = field(default_factory=dict)
    lead_in: tuple[BodyMeasures, ...] = ()  # the frames at rest before it
    ended: BodyMeasures | None = None  # the frame it came back to rest; it may still be settling
    settle: list[BodyMeasures] = field(default_factory=list)


class RepChecker:
    """Counts reps of a ``RepExercise``: hysteresis, minimum duration, full range; partial reps are attempts."""

    def __init__(self, exercise: RepExercise) -> None:
        self.exercise = exercise
        self.records: list[RepRecord] = []
        self.phase = Phase.REST
        self._rep: _RepInProgress | None = None
        self._armed = False  # counting starts only from (near) the rest position, never mid-rep
        #: Recent frames at rest, (signal value, measures), for the reference frame of the next rep.
        self._rest_frames: deque[tuple[float, BodyMeasures]] = deque()
        self._last_good_s = float("-inf")
        self._last_signal = (exercise.signals[next(iter(exercise.signals))].name, float("nan"))
        self._cues = CueBoard()
        self._gate = GuidanceGate()
        self._baseline = RestBaseline()
        self._bout_start = exercise.bouts.start_gate() if exercise.bouts else None
        self._now_s = 0.0

    @property
    def reps(self) -> int:
        return sum(record.counted for record in self.records)

    @property
    def attempts(self) -> int:
        return sum(not record.counted for record in self.records)

    def reps_by_side(self) -> dict[str, int]:
        """Counted reps per side ("left", "right"; reps whose side could not be told under "unknown"). Empty for an
        exercise without sides, and for one done either way (``Sides.EITHER``) until a one-sided rep is counted."""
        if self.exercise.sides is Sides.NONE:
            return {}
        if self.exercise.sides is Sides.EITHER and not any(r.side for r in self.records if r.counted):
            return {}
        return reps_by_side(self.records, unknown="both" if self.exercise.sides is Sides.EITHER else "unknown")

    def update(self, measures: BodyMeasures, people: int = 1, too_dark: bool = False) -> list[Event]:
        now_s = self._now_s = measures.timestamp_s
        events: list[Event | None] = []
        guidance, message = guidance_for(self.exercise, measures, people, too_dark, at_rest=self._rep is None)
        if event := self._gate.update(guidance, message, now_s):
            events.append(event)
        if self._rep is not None and self._rep.ended is not None and self._settled(self._rep, now_s):
            events += self._end_rep(self._rep)
        if guidance is not None or measures.view is None:
            self._on_gap(now_s)
            if self._rep is None:
                self._baseline.reset()
            return [event for event in events if event is not None]
        # A rep is judged on the signal it started with: bending changes how wide the body looks,
        # so the view can flip between side and front mid-rep without the person turning.
        signal = self._rep.signal if self._rep is not None else self.exercise.signals[measures.view]
        settling = self._rep is not None and self._rep.ended is not None
        value = self._baseline.relative(signal, signal.read(measures), self._rep is None or settling, measures)
        self._last_signal = (signal.name, value)
        if value != value:  # NaN: the joints behind the signal are hidden in this frame
            self._on_gap(now_s)
            return [event for event in events if event is not None]
        self._last_good_s = now_s
        if settling and signal.past(value, signal.leave):  # the next rep leaves rest: this one has settled
            events += self._end_rep(self._rep)
        if self._rep is not None and self._rep.ended is not None:
            self._rep.settle.append(measures)
            self._remember_rest(value, measures)
        elif self._rep is None:
            self._at_rest(signal, value, measures)
        else:
            events += self._in_rep(self._rep, signal, value, measures)
        return [event for event in events if event is not None]

    def finish(self) -> list[Event]:
        """End of the stream: a rep still settling is closed; one in progress is dropped (it never came back up)."""
        events = self._end_rep(self._rep) if self._rep is not None and self._rep.ended is not None else []
        self._rep = None
        self.phase = Phase.REST
        return [event for event in events if event is not None]

    def _settled(self, rep: _RepInProgress, now_s: float) -> bool:
        settle = self.exercise.settle_s
        return rep.ended is not None and (settle is None or now_s - rep.ended.timestamp_s >= settle.value)

    def bout_summary(self) -> BoutSummary | None:
        """Time per side, reps per minute and breaks, for an exercise repeated without stopping (else None)."""
        return self.exercise.bouts.summary(self.records) if self.exercise.bouts else None

    def _on_gap(self, now_s: float) -> None:
        if self._rep is not None and now_s - self._last_good_s > MAX_GAP_S:
            self._rep = None
            self.phase = Phase.REST
            self._armed = False
            self._rest_frames.clear()

    def _at_rest(self, signal: PhaseSignal, value: float, measures: BodyMeasures) -> None:
        self.phase = Phase.REST
        if not signal.past(value, signal.leave) or signal.resting(value, measures):
            self._armed = True  # seen near the start position: the next swing past `leave` is a rep
            self._remember_rest(value, measures)
        elif self._armed:
            now_s = measures.timestamp_s
            rest_value, rest = self._reference(signal) or (value, measures)
            self._rep = _RepInProgress(
                start=measures, rest=rest, rest_value=rest_value, baseline=rest, signal=signal, extreme_value=value,
                extreme=measures, last_time_s=now_s, progress_value=value, progress_at_s=now_s,
                lead_in=tuple(frame for _, frame in self._rest_frames),
                # a fast movement (a jump at 15 fps) can pass `full` in the very frame it leaves rest
                reached_full=signal.past(value, signal.full),
            )
            self._rest_frames.clear()
            self.phase = Phase.PEAK if self._rep.reached_full else Phase.OUT
            if self.exercise.bouts is None:  # reps repeated without stopping are cued by the clock, not every rep
                self._cues.new_rep()

    def _remember_rest(self, value: float, measures: BodyMeasures) -> None:
        self._rest_frames.append((value, measures))
        while measures.timestamp_s - self._rest_frames[0][1].timestamp_s > REFERENCE_WINDOW_S:
            self._rest_frames.popleft()

    def _reference(self, signal: PhaseSignal) -> tuple[float, BodyMeasures] | None:
        """The most rest-like frame of the last moments at rest (the stillest start position before the rep), with
        its signal value."""
        if not self._rest_frames:
            return None
        return max(self._rest_frames, key=lambda item: -item[0] if not signal.decreasing else item[0])

    def _in_rep(self, rep: _RepInProgress, signal: PhaseSignal, value: float, measures: BodyMeasures) -> list[Event]:
        events: list[Event | None] = []
        dt_s, rep.last_time_s = measures.timestamp_s - rep.last_time_s, measures.timestamp_s
        rep.samples.append((measures.timestamp_s, value))
        if signal.more_extreme(value, rep.extreme_value):
            rep.extreme_value, rep.extreme = value, measures
        if abs(rep.extreme_value - rep.progress_value) > signal.turnaround.value / 2:
            rep.progress_value, rep.progress_at_s = rep.extreme_value, measures.timestamp_s
        if signal.past(value, signal.full):
            rep.reached_full = True
            rep.peak_time_s += dt_s if self.phase is Phase.PEAK else 0.0
            self.phase = Phase.PEAK
        elif self.phase is Phase.PEAK or abs(value - rep.extreme_value) >= signal.turnaround.value:
            self.phase = Phase.BACK
        stalled = measures.timestamp_s - rep.progress_at_s >= SHORT_STALL_S
        ending = signal.resting(value, measures)
        ends_as_attempt = ending and measures.timestamp_s - rep.start.timestamp_s >= self.exercise.min_rep_s.value
        partial_code = self.exercise.partial_code
        short = (self.phase is Phase.BACK or stalled or ends_as_attempt) and not rep.reached_full
        if short and not rep.short_cue_given and partial_code:
            rep.short_cue_given = True  # said while stopped short or coming back, when it still helps
            events.append(self._cues.offer(partial_code, self.exercise.partial_cue, measures.timestamp_s))
        events += self._judge_form(rep, measures)
        if ending:
            rep.ended, self.phase = measures, Phase.REST
            if self._settled(rep, measures.timestamp_s):
                events += self._end_rep(rep)
        return [event for event in events if event is not None]

    def _judge_form(self, rep: _RepInProgress, measures: BodyMeasures) -> list[Event | None]:
        events: list[Event | None] = []
        now_s = measures.timestamp_s
        if measures.reframed:  # nothing is judged across a cut, zoom or pan: compare with the new framing
            rep.baseline = measures
            rep.fault_since_s.clear()
        for rule in self._active_rules(measures.view):
            fault = rule.is_fault(measures, rep.baseline)
            if not fault:
                rep.fault_since_s.pop(rule.code, None)
                continue
            since_s = rep.fault_since_s.setdefault(rule.code, now_s)
            if now_s - since_s >= rule.min_duration_s and rule.code not in rep.issues:
                rep.issues[rule.code] = Issue(rule.code, rule.cue, now_s)
                events.append(self._cues.offer(rule.code, rule.cue, now_s))
        return events

    def _active_rules(self, view: View | None) -> list[FormRule]:
        rules = [rule for rule in self.exercise.form_rules if self.phase in rule.phases and view in rule.views]
        return sorted(rules, key=lambda rule: -rule.priority)

    def _end_rep(self, rep: _RepInProgress) -> list[Event | None]:
        assert rep.ended is not None
        self._rep = None
        self.phase = Phase.REST
        start_s, end_s = rep.start.timestamp_s, rep.ended.timestamp_s
        partial_code = self.exercise.partial_code
        if self._not_a_rep(rep, end_s - start_s):
            return []
        # After a counted rep the next starts from the start position again, not from a wobble at the end of this one
        # (frames that settled at rest after it were that position). A short attempt that turns straight back down
        # before it settles is followed by the real rep: that one must still count.
        self._armed = bool(rep.settle) or not rep.reached_full
        issues = dict(rep.issues)
        if not rep.reached_full and partial_code:
            issues[partial_code] = Issue(partial_code, self.exercise.partial_cue, rep.extreme.timestamp_s)
        side = self.exercise.side_of(rep.rest, rep.extreme) if self.exercise.side_of else None
        span = RepSpan(rep.lead_in, rep.rest, rep.start, rep.extreme, rep.ended, tuple(rep.settle))
        record = RepRecord(
            index=0,  # numbered when recorded
            start_s=start_s,
            peak_s=rep.extreme.timestamp_s,
            end_s=end_s,
            counted=rep.reached_full,
            angles={
                **{name: read(rep.extreme) for name, read in self.exercise.key_angles.items()},
                **{name: read(span) for name, read in self.exercise.rep_readings.items()},
            },
            issues=tuple(sorted(issues.values(), key=lambda issue: issue.at_s)),
            peak_hold_s=self._held_s(rep),
            side=side.value if side else None,
        )
        admitted = self._bout_start.admit(record) if self._bout_start and record.counted else [record]
        return [event for admitted_rep in admitted for event in self._record(admitted_rep)]

    def _not_a_rep(self, rep: _RepInProgress, duration_s: float) -> bool:
        """Too brief (unless it went as far from rest as a real quick rep does, not a wobble), too long, or short of
        full range for an exercise without attempts."""
        exercise, quick, longest = self.exercise, self.exercise.quick_rep, self.exercise.max_rep_s
        real_quick = quick is not None and quick.holds(abs(rep.extreme_value - rep.rest_value), duration_s)
        brief = duration_s < exercise.min_rep_s.value and not real_quick
        too_long = longest is not None and duration_s > longest.value
        return brief or too_long or not (rep.reached_full or exercise.partial_code)

    def _record(self, record: RepRecord) -> list[Event | None]:
        record = replace(record, index=len(self.records) + 1)
        events: list[Event | None] = []
        if record.counted:
            for rule in self.exercise.all_rep_rules:
                if rule.fault(record):
                    record = replace(record, issues=record.issues + (Issue(rule.code, rule.cue, record.end_s),))
                    events.append(self._cues.offer(rule.code, rule.cue, record.end_s))
        self.records.append(record)
        kind = EventKind.REP if record.counted else EventKind.ATTEMPT
        message = self._rep_message(record) if record.counted else "Not counted: " + self.exercise.partial_cue
        return [Event(kind, record.end_s, message, rep=record), *events]

    def _held_s(self, rep: _RepInProgress) -> float:
        hold = self.exercise.peak_hold
        return hold.held_s(rep.samples, rep.extreme_value, rep.peak_time_s) if hold else rep.peak_time_s

    def _rep_message(self, record: RepRecord) -> str:
        if self.exercise.sides is Sides.NONE or record.side is None:
            return f"Rep {self.reps}"
        return f"Rep {self.reps_by_side().get(record.side, 0)} on the {record.side} side"

    @property
    def status(self) -> CheckerStatus:
        code, cue = self._cues.current(self._now_s)
        return CheckerStatus(
            reps=self.reps,
            attempts=self.attempts,
            reps_by_side=self.reps_by_side(),
            peak_held_s=self._held_s(self._rep) if self._rep is not None else 0.0,
            phase=self.exercise.phase_words.get(self.phase, self.phase.value),
            cue=cue,
            cue_code=code,
            guidance=self._gate.shown,
            guidance_message=self._gate.message,
            signal_name=self._last_signal[0],
            signal_value=self._last_signal[1],
        )


class SettleWindow:
    """Net travel of the hip centre and both knees over the last ``SETTLE_WINDOW_S``, in leg lengths per second
    (the fastest of the three; the leg length no shorter than ``LEG_TORSOS`` torsos); NaN until the person has
    been in view for half the window."""

    def __init__(self) -> None:
        self._samples: deque[tuple[float, np.ndarray]] = deque()

    def update(self, measures: BodyMeasures) -> float:
        scales = [px for px in (measures.leg_length_px, LEG_TORSOS * measures.torso_length_px) if px > 0]
        if measures.points is None or not measures.framing.person_in_view or not scales:
            self._samples.clear()
            return float("nan")
        now_s = measures.timestamp_s
        hips = (measures.point(Landmark.LEFT_HIP) + measures.point(Landmark.RIGHT_HIP)) / 2.0
        core = np.stack([hips, measures.point(Landmark.LEFT_KNEE), measures.point(Landmark.RIGHT_KNEE)])
        self._samples.append((now_s, core))
        while len(self._samples) > 1 and now_s - self._samples[1][0] >= SETTLE_WINDOW_S:
            self._samples.popleft()
        then_s, then = self._samples[0]
        if now_s - then_s < SETTLE_WINDOW_S / 2:
            return float("nan")
        travel = np.linalg.norm(core - then, axis=1) / (now_s - then_s) / max(scales)
        return float(np.nanmax(travel)) if not np.all(np.isnan(travel)) else float("nan")


@dataclass
class _Segment:
    side: Side | None
    start_s: float
    last_held_s: float
    held_s: float = 0.0
    off_since_s: float | None = None
    issues: dict[str, Issue] = field(default_factory=dict)


class HoldChecker:
    """Times a ``HoldExercise``: the clock runs only while the body is settled (``SettleWindow``) and every
    posture check passes, per side.

    A break shorter than the exercise's grace period does not stop the clock (landmark jitter, a breath and
    re-settling); a longer one ends the segment at the moment the posture was lost, so leaving the position
    never counts. Advice checks only cue. When one side reaches the target, a SWITCH_SIDES event names the other.
    """

    def __init__(self, exercise: HoldExercise) -> None:
        self.exercise = exercise
        self.records: list[HoldRecord] = []
        self._segment: _Segment | None = None
        self._failing_since_s: dict[str, float] = {}
        self._advice_since_s: dict[str, float] = {}
        self._said_at_s: dict[str, float] = {}
        self._completed: set[Side | None] = set()  # sides (None: the hold of an exercise without sides) at target
        self._untold_said: set[str] = set()  # UNTOLD_SWITCH, UNTOLD_DONE once said
        self._settle = SettleWindow()
        self._fast_since_s: float | None = None
        #: No hold yet, but in the position and settled: since when, and on which side.
        self._settling: tuple[float, Side | None] | None = None
        self._cues = CueBoard()
        self._gate = GuidanceGate()
        self._now_s = 0.0
        self._last_signal = ("", float("nan"))
        self.phase = "waiting"

    def held_by_side(self) -> dict[Side | None, float]:
        """Seconds held per side (the key None for an exercise without sides), the hold in progress included."""
        totals: dict[Side | None, float] = {}
        for record in self.records:
            side = Side(record.side) if record.side else None
            totals[side] = totals.get(side, 0.0) + record.held_s
        if self._segment is not None:
            totals[self._segment.side] = totals.get(self._segment.side, 0.0) + self._segment.held_s
        return totals

    def update(self, measures: BodyMeasures, people: int = 1, too_dark: bool = False) -> list[Event]:
        now_s = self._now_s = measures.timestamp_s
        events: list[Event | None] = []
        guidance, message = guidance_for(self.exercise, measures, people, too_dark)
        events.append(self._gate.update(guidance, message, now_s))
        side: Side | None = None
        failing: list[tuple[str, str]] = []
        can_judge = guidance is None and measures.view is not None
        posture = self.exercise.posture
        if can_judge and self.exercise.side_of is not None:
            side = self.exercise.side_of(measures)
            untold = self.exercise.side_untold
            can_judge = side is not None or untold is not None
            posture = untold.posture if side is None and untold is not None else posture
        if can_judge:
            failing = _failing_checks(posture, measures, side)
        self._last_signal = self._key_reading(measures)
        # Moving means fast now and having got somewhere lately: rocking and jitter are fast but get nowhere,
        # a body that has just arrived got somewhere but is slow now. NaN (not known yet) is not settled.
        travel, speed_limit = self._settle.update(measures), self.exercise.still_max_speed.value
        settled = measures.body_speed <= speed_limit or travel <= self.exercise.settle_max_travel.value
        fast = measures.body_speed > speed_limit
        self._fast_since_s = (now_s if self._fast_since_s is None else self._fast_since_s) if fast else None
        held = can_judge and settled and not failing
        # A move out of the position is seen only once it has got somewhere (or once the position is lost, for a move
        # toward or away from the camera that the image barely shows): it began at most a window ago.
        moved_since_s = max(self._fast_since_s, now_s - SETTLE_WINDOW_S) if fast else None
        events += self._advance_clock(held, side, now_s, moved_since_s)
        events += self._posture_cues(failing, now_s)
        if held and self.exercise.advice:
            events += self._advice_cues(_failing_checks(self.exercise.advice, measures, side), now_s)
        return [event for event in events if event is not None]

    def _key_reading(self, measures: BodyMeasures) -> tuple[str, float]:
        """The exercise's first key angle: the line the video report plots."""
        if not self.exercise.key_angles or not measures.framing.person_in_view:
            return self._last_signal[0], float("nan")
        name, read = next(iter(self.exercise.key_angles.items()))
        return name, float(read(measures))

    def _advance_clock(
        self, held: bool, side: Side | None, now_s: float, moved_since_s: float | None = None
    ) -> list[Event | None]:
        segment = self._segment
        events: list[Event | None] = []
        if segment is not None and held and not _same_hold(segment.side, side):
            events.append(self._close(segment, segment.last_held_s))
            segment = None
        if segment is None:
            return events + self._start(held, side, now_s)
        if held:
            self.phase = "holding"
            if segment.off_since_s is not None:
                segment.off_since_s = None  # back within the grace period: the break counts as held
            segment.held_s += now_s - segment.last_held_s
            segment.last_held_s = now_s
            events += self._check_complete(segment, now_s)
        else:
            self.phase = "paused"
            if segment.off_since_s is None:
                segment.off_since_s = now_s
                if moved_since_s is not None and moved_since_s < segment.last_held_s:
                    back_to_s = max(moved_since_s, segment.start_s)  # the time spent moving away was not held
                    segment.held_s -= segment.last_held_s - back_to_s
                    segment.last_held_s = back_to_s
            if now_s - segment.off_since_s > self.exercise.grace_s.value:
                events.append(self._close(segment, segment.last_held_s))
        return events

    def _start(self, held: bool, side: Side | None, now_s: float) -> list[Event | None]:
        """No hold yet: one starts once the position has held, settled, for ``SETTLE_TO_START_S``."""
        if not held:
            self._settling = None
            self.phase = "waiting"
            return []
        if self._settling is None or not _same_hold(self._settling[1], side):
            self._settling = (now_s, side)
        elif self._settling[1] is None:  # a side seen while settling names the hold
            self._settling = (self._settling[0], side)
        since_s, side = self._settling
        if now_s - since_s < SETTLE_TO_START_S:
            self.phase = "settling"
            return []
        self._settling = None
        self.phase = "holding"
        segment = self._segment = _Segment(side, since_s, now_s, held_s=now_s - since_s)
        return self._check_complete(segment, now_s)

    def _check_complete(self, segment: _Segment, now_s: float) -> list[Event | None]:
        side = segment.side
        if side is None and self.exercise.side_untold is not None:
            return self._check_untold(now_s)
        if side in self._completed or self.held_by_side().get(side, 0.0) < self.exercise.target_s.value:
            return []
        self._completed.add(side)
        key = side.value if side else "hold"  # the events' code
        where = f" on the {key} side" if side else ""
        switch = f"Switch sides: now your {self.next_side} side." if self.next_side else ""
        message = f"{self.exercise.target_s.value:g} s done{where}. Well held! {switch}".strip()
        events: list[Event | None] = [Event(EventKind.HOLD_COMPLETE, now_s, message, key)]
        events.append(self._cues.offer("hold_complete_" + key, message, now_s))
        if switch:
            events.append(Event(EventKind.SWITCH_SIDES, now_s, switch, self.next_side))
        return events

    def _check_untold(self, now_s: float) -> list[Event | None]:
        """Time whose side was not seen: at one side's target, switch sides (whichever side it was); at both
        sides' targets together, done."""
        held_s, both_s, one_s = self.held_by_side().get(None, 0.0), self.exercise.untold_target_s, self.exercise.target_s.value
        for code, target_s, message in (
            (UNTOLD_DONE, both_s, f"{both_s:g} s done: both sides. Well held!"),
            (UNTOLD_SWITCH, one_s, f"{one_s:g} s done. Switch sides now."),
        ):
            if held_s >= target_s and code not in self._untold_said:
                self._untold_said.add(code)
                events = [Event(EventKind.HOLD_COMPLETE, now_s, message, code), self._cues.offer(code, message, now_s)]
                if code == UNTOLD_SWITCH:
                    events.append(Event(EventKind.SWITCH_SIDES, now_s, message, ""))  # the other side, whichever it is
                return events
        return []

    @property
    def next_side(self) -> str:
        """Once one side has reached the target: the side still to do ("" before that, after both, without sides)."""
        if self.exercise.side_of is None or not self._completed:
            return ""
        todo = [side.value for side in Side if side not in self._completed]
        return todo[0] if len(todo) == 1 else ""

    def _close(self, segment: _Segment, end_s: float) -> Event | None:
        self._segment = None
        if segment.held_s <= 0:
            return None
        untold = segment.side is None and self.exercise.side_untold is not None
        record = HoldRecord(
            index=len(self.records) + 1,
            side=segment.side.value if segment.side else None,
            start_s=segment.start_s,
            end_s=end_s,
            held_s=segment.held_s,
            target_s=self.exercise.untold_target_s if untold else self.exercise.target_s.value,
            issues=tuple(segment.issues.values()),
        )
        self.records.append(record)
        return Event(EventKind.HOLD_SEGMENT, end_s, f"Held {record.held_s:.0f} s", hold=record)

    def _posture_cues(self, failing: list[tuple[str, str]], now_s: float) -> list[Event | None]:
        return self._say_first(_lasting(failing, self._failing_since_s, GUIDANCE_DEBOUNCE_S, now_s), now_s)

    def _advice_cues(self, failing: list[tuple[str, str]], now_s: float) -> list[Event | None]:
        return self._say_first(_lasting(failing, self._advice_since_s, ADVICE_MIN_S, now_s), now_s)

    def _say_first(self, lasting: list[tuple[str, str]], now_s: float) -> list[Event | None]:
        """One cue at a time: the first lasting fault not said in the last ``HOLD_CUE_REPEAT_S``, noted on the hold."""
        for code, cue in lasting:
            if self._segment is not None:
                self._segment.issues.setdefault(code, Issue(code, cue, now_s))
            if now_s - self._said_at_s.get(code, float("-inf")) < HOLD_CUE_REPEAT_S:
                continue
            event = self._cues.offer(code, cue, now_s)
            if event is not None:
                self._said_at_s[code] = now_s
            return [event]
        return []

    def finish(self) -> list[Event]:
        if self._segment is None:
            return []
        event = self._close(self._segment, self._segment.last_held_s)
        return [event] if event else []

    @property
    def status(self) -> CheckerStatus:
        code, cue = self._cues.current(self._now_s)
        return CheckerStatus(
            phase=self.phase,
            cue=cue,
            cue_code=code,
            guidance=self._gate.shown,
            guidance_message=self._gate.message,
            held_s=self.held_by_side(),
            target_s=self.exercise.target_s.value,
            next_side=self.next_side,
            signal_name=self._last_signal[0],
            signal_value=self._last_signal[1],
        )


def _same_hold(hold_side: Side | None, side: Side | None) -> bool:
    """Whether a frame read as ``side`` goes on with a hold (or its settling) on ``hold_side``: a frame whose side
    was not seen goes on with a hold on a seen side, and a hold whose side was not seen stays so (a side seen for a
    moment is no reason to give it time). Only an exercise with ``SideUntold`` holds with no side while it has sides."""
    return hold_side == side or hold_side is None or side is None


def _failing_checks(
    checks: tuple[PostureCheck, ...], measures: BodyMeasures, side: Side | None
) -> list[tuple[str, str]]:
    """(code, cue) of each check that fails; ("", "") for one that cannot be seen (not held, nothing to correct)."""
    failing: list[tuple[str, str]] = []
    for check in checks:
        ok = check.allowed.holds(check.reading(measures, side))
        if ok is None:
            failing.append(("", ""))
        elif not ok:
            failing.append((check.code, check.cue))
    return failing


def _lasting(
    failing: list[tuple[str, str]], since_s: dict[str, float], min_s: float, now_s: float
) -> list[tuple[str, str]]:
    """The failing checks that have failed for ``min_s``; ``since_s`` remembers when each started failing."""
    codes = {code for code, _ in failing if code}
    for code in list(since_s):
        if code not in codes:
            del since_s[code]
    return [(code, cue) for code, cue in failing if code and now_s - since_s.setdefault(code, now_s) >= min_s]


Checker = RepChecker | HoldChecker


def reps_by_side(records: list[RepRecord], unknown: str = "unknown") -> dict[str, int]:
    """Counted reps per side, both sides always listed: {"left": 6, "right": 0} (plus ``unknown`` for reps
    without a side, if any)."""
    counts = {side.value: 0 for side in Side}
    for record in records:
        if record.counted:
            key = record.side or unknown
            counts[key] = counts.get(key, 0) + 1
    return counts


def make_checker(exercise: Exercise) -> Checker:
    return RepChecker(exercise) if isinstance(exercise, RepExercise) else HoldChecker(exercise)
