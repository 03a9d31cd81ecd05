"""A live workout of one exercise, driven by analysed camera frames: no threads, no pose model, no drawing.

``LiveWorkout`` joins the stages after the pose model for a live stream: the ``CoachSession``
(kinematics and checker) of the set in progress, the ``Workout`` (sets, rests, completion), the
``WorkoutSink`` that saves reps and holds as they happen, and what is worth saying aloud. Its
``view()`` is the immutable ``LiveSnapshot`` of all that, which ``LiveCoach`` publishes to the page
after every frame; ``LiveCoach`` adds the stream's state (frames, model, stalls) when the page asks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from posecoach.events import CheckerStatus, Event, EventKind
from posecoach.exercises import Exercise
from posecoach.kinematics import Side
from posecoach.live_sink import WorkoutSink
from posecoach.pipeline import CoachSession, FrameResult
from posecoach.pose import PoseResult
from posecoach.sources import Frame
from posecoach.workout import SetPlan, SetSummary, Workout, expected_sides

#: Utterances kept for the page, which may poll slower than they come.
RECENT_SPOKEN = 4


@dataclass(frozen=True)
class Spoken:
    """The latest thing worth saying aloud; ``seq`` grows by one per new utterance."""

    seq: int = 0
    text: str = ""
    chime: bool = False  # a moment to hear even without looking: one side of a hold is done, switch sides


@dataclass(frozen=True)
class LiveSnapshot:
    """What the live page shows: the workout as of the latest frame, then the stream's state when asked."""

    exercise: str
    status: CheckerStatus
    plan: SetPlan
    set_number: int
    current: SetSummary
    completed: tuple[SetSummary, ...]
    workout_done: bool
    sides: tuple[Side | None, ...]  # the sides a set works (``(None,)`` for an exercise without sides)
    cue_count: tuple[int, int]  # the set's (reps, attempts) when the cue on screen came up: which rep it was about
    recent_spoken: tuple[Spoken, ...] = ()  # the last few, oldest first
    switch_to: Side | None = None  # a hold done on each side: one side just reached its target, switch to this one
    # The stream (``LiveCoach.snapshot`` fills these in):
    resting_left_s: float | None = None  # seconds of rest left, None when not resting
    latest_cue: str = ""  # the cue on screen now (the engine clears it when the next rep starts), else ""
    model_ready: bool = False  # the pose model is loaded (it loads when the page opens)
    getting_ready: bool = False  # the camera runs but the pose model is still loading
    streaming: bool = False  # frames are coming in now
    stalled_s: float = 0.0  # seconds without a camera frame while the camera is on (0 when fine)
    frames_in: int = 0
    frames_processed: int = 0
    frames_dropped: int = 0
    processing_fps: float = 0.0  # frames through pose and checker per second, recently
    processing_ms: float = 0.0  # mean time per processed frame, recently
    skipped_share: float = 0.0  # share of camera frames skipped to stay live, recently
    model_note: str = ""  # why the pose model changed by itself, if it did
    error: str = ""

    @property
    def spoken(self) -> Spoken:
        """The latest utterance."""
        return self.recent_spoken[-1] if self.recent_spoken else Spoken()

    @property
    def shown_set(self) -> SetSummary:
        """The set the big counter shows: the one in progress, or the last one once the workout is done."""
        return self.completed[-1] if self.workout_done and self.completed else self.current


class LiveWorkout:
    """Sets of one exercise on a live stream: each analysed frame goes to the set's checker, its
    events to the workout and the sink; what to say is kept for the page."""

    def __init__(self, exercise: Exercise, plan: SetPlan, sink: WorkoutSink | None) -> None:
        self.exercise = exercise
        self.sink = sink
        self.workout = Workout(exercise, plan)
        self.session = CoachSession(exercise)
        self.status = CheckerStatus()
        self._cue_count = (0, 0)
        self._spoken: deque[Spoken] = deque(maxlen=RECENT_SPOKEN)
        self._last_stream_s = 0.0
        self._switch: tuple[Side, float] | None = None  # the side to switch to, and its seconds when the switch came

    # -- frames ----------------------------------------------------------------------------------

    def tick(self, now_s: float) -> None:
        """Ends a rest whose time is up."""
        self._say(*self.workout.tick(now_s))

    def counting(self, now_s: float) -> bool:
        return self.workout.counting(now_s)

    def score(self, frame: Frame, found: PoseResult, now_s: float) -> FrameResult:
        """One analysed frame of the set in progress; a set that reaches its target ends here."""
        if not self.workout.started and self.sink is not None:
            self.sink.set_started(self.workout.set_number)
        result = self.session.process(frame, found)
        self._take(result.events, result.status, frame.timestamp_s)
        if self.workout.set_complete():
            self.finish_set(now_s, complete=True)
        return result

    def _take(self, events: tuple[Event, ...] | list[Event], status: CheckerStatus, stream_s: float) -> None:
        self._last_stream_s = stream_s
        self._save(events)
        self._say(*self.workout.add(events, status, stream_s))
        self._follow_switch(events)
        self._speak(events)
        self.status = status

    def _save(self, events: tuple[Event, ...] | list[Event]) -> None:
        for event in events:
            if self.sink is not None and event.rep is not None:
                self.sink.rep(self.exercise.name, self.workout.set_number, event.rep)
            elif self.sink is not None and event.hold is not None:
                self.sink.hold(self.exercise.name, self.workout.set_number, event.hold)

    def _follow_switch(self, events: tuple[Event, ...] | list[Event]) -> None:
        """A switch-sides moment lasts from the checker's event until the other side's clock runs again."""
        for event in events:
            if event.kind is EventKind.SWITCH_SIDES and event.code:  # "": the side not seen (its message is said)
                side = Side(event.code)
                self._switch = (side, self.workout.counts().side(side).held_s)
        if self._switch is not None and self.workout.counts().side(self._switch[0]).held_s > self._switch[1]:
            self._switch = None

    def _speak(self, events: tuple[Event, ...] | list[Event]) -> None:
        said = [event.message for event in events if event.kind in (EventKind.CUE, EventKind.GUIDANCE, EventKind.HOLD_COMPLETE)]
        # A side's "done, switch sides" message (also offered as the cue) is said once, with a chime.
        switching = any(event.kind is EventKind.SWITCH_SIDES for event in events)
        chimed = {event.message for event in events if switching and event.kind is EventKind.HOLD_COMPLETE}
        for text in dict.fromkeys(said):
            self._say(text, chime=text in chimed)
        if any(event.kind is EventKind.CUE for event in events):
            counts = self.workout.counts()
            self._cue_count = (counts.reps, counts.attempts)

    def _say(self, *texts: str, chime: bool = False) -> None:
        for text in texts:
            seq = self._spoken[-1].seq + 1 if self._spoken else 1
            self._spoken.append(Spoken(seq, text, chime))

    # -- controls --------------------------------------------------------------------------------

    def finish_set(self, now_s: float, complete: bool) -> None:
        """Ends the set in progress (its checker's last events first), saves it and starts the rest."""
        self._take(self.session.finish(), self.session.checker.status, self._last_stream_s)
        number = self.workout.set_number
        _, said = self.workout.finish_set(now_s, complete)
        if self.sink is not None:
            self.sink.set_ended(number)
        self._say(*said)
        self.restart_tracking()
        self._switch = None
        self.status = CheckerStatus()  # the next set starts from zero (the summary holds this one's count)

    def restart_tracking(self) -> None:
        """A fresh checker and tracker (a new set, or a new pose model); the workout keeps its counts."""
        self.session = CoachSession(self.exercise)

    def close(self) -> None:
        """The workout is left (another exercise, a reset): the set in progress ends in the sink."""
        if self.sink is not None:
            self.sink.set_ended(self.workout.set_number)

    def set_sink(self, sink: WorkoutSink | None) -> None:
        """Where the next reps go (the set in progress starts a new entry there)."""
        self.close()
        self.sink = sink

    def stream_ended(self) -> None:
        self.status = replace(self.status, phase="", cue="", cue_code="")  # nothing moves now

    def rest_text(self, now_s: float) -> str:
        if self.workout.done:
            return "Workout complete. Well done!"
        left = self.workout.resting_left(now_s) or 0.0
        return f"Rest {left:.0f} s - set {self.workout.set_number} next"

    # -- what the page shows ---------------------------------------------------------------------

    def view(self) -> LiveSnapshot:
        workout = self.workout
        return LiveSnapshot(
            exercise=self.exercise.name, status=self.status, plan=workout.plan, set_number=workout.set_number,
            current=workout.summary(), completed=tuple(workout.completed), workout_done=workout.done,
            sides=expected_sides(self.exercise, workout.counts()), cue_count=self._cue_count,
            recent_spoken=tuple(self._spoken), switch_to=self._switch[0] if self._switch is not None else None,
        )
