"""Where a live workout's sets, reps and holds are saved: a small interface, and the history behind it.

``LiveCoach`` calls a ``WorkoutSink`` from the frame thread as things happen. A sink must return at
once and never raise (coaching goes on); it reports trouble through ``error``.
"""

from __future__ import annotations

import time
from typing import Protocol

from posecoach.events import HoldRecord, RepRecord
from posecoach.history import HistoryRecorder


class WorkoutSink(Protocol):
    @property
    def error(self) -> str: ...  # the latest trouble saving, one line for the page ("" when fine)

    def set_started(self, set_number: int) -> None: ...

    def rep(self, exercise: str, set_number: int, rep: RepRecord) -> None: ...

    def hold(self, exercise: str, set_number: int, hold: HoldRecord) -> None: ...

    def set_ended(self, set_number: int) -> None: ...


class HistorySink:
    """Each set becomes a history session, started with its first rep or hold.

    The ``HistoryRecorder`` writes on its own thread (a locked or broken database never stalls the
    video) and has the one error policy: retry, and say so in ``status``.
    """

    def __init__(self, recorder: HistoryRecorder) -> None:
        self.recorder = recorder
        self._sessions: dict[int, int] = {}  # set number -> recorder handle
        self._started_at: dict[int, float] = {}  # set number -> Unix time of its first frame

    @property
    def error(self) -> str:
        return self.recorder.status.message

    def set_started(self, set_number: int) -> None:
        self._started_at.setdefault(set_number, time.time())

    def rep(self, exercise: str, set_number: int, rep: RepRecord) -> None:
        self.recorder.add_rep(self._session(exercise, set_number), rep)

    def hold(self, exercise: str, set_number: int, hold: HoldRecord) -> None:
        self.recorder.add_hold(self._session(exercise, set_number), hold)

    def set_ended(self, set_number: int) -> None:
        self._started_at.pop(set_number, None)
        handle = self._sessions.pop(set_number, None)
        if handle is not None:
            self.recorder.end_session(handle)

    def _session(self, exercise: str, set_number: int) -> int:
        if set_number not in self._sessions:
            started_at = self._started_at.get(set_number, time.time())
            self._sessions[set_number] = self.recorder.start_session("live", exercise, set_number=set_number, started_at=started_at)
        return self._sessions[set_number]
