"""Where a live workout's sets, reps and holds are saved: a small interface, and the history behind it.

``LiveCoach`` calls a ``WorkoutSink`` from the frame thread as things happen; a sink must not raise
(coaching goes on) and reports trouble through ``error``.
"""

from __future__ import annotations

import time
from typing import Protocol

from posecoach.events import HoldRecord, RepRecord
from posecoach.history import History


class WorkoutSink(Protocol):
    error: str  # the latest trouble saving, for the page ("" when fine)

    def set_started(self, set_number: int) -> None: ...

    def rep(self, exercise: str, set_number: int, rep: RepRecord) -> None: ...

    def hold(self, exercise: str, set_number: int, hold: HoldRecord) -> None: ...

    def set_ended(self, set_number: int) -> None: ...


class HistorySink:
    """Writes each set to a ``History`` as it happens: the session starts with its first rep or hold."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.error = ""
        self._sessions: dict[int, int] = {}  # set number -> history session id
        self._set_started: dict[int, float] = {}

    def set_started(self, set_number: int) -> None:
        self._set_started.setdefault(set_number, time.time())

    def rep(self, exercise: str, set_number: int, rep: RepRecord) -> None:
        self._save(exercise, set_number, lambda session: self.history.add_rep(session, rep))

    def hold(self, exercise: str, set_number: int, hold: HoldRecord) -> None:
        self._save(exercise, set_number, lambda session: self.history.add_hold(session, hold))

    def set_ended(self, set_number: int) -> None:
        session = self._sessions.pop(set_number, None)
        self._set_started.pop(set_number, None)
        if session is not None:
            self._guard(lambda: self.history.end_session(session))

    def _save(self, exercise: str, set_number: int, write) -> None:  # type: ignore[no-untyped-def]
        def run() -> None:
            if set_number not in self._sessions:
                started = self._set_started.get(set_number, time.time())
                self._sessions[set_number] = self.history.start_session("live", exercise, set_number=set_number, started_at=started)
            write(self._sessions[set_number])

        self._guard(run)

    def _guard(self, action) -> None:  # type: ignore[no-untyped-def]
        """A full disk or a locked database must not stop the coaching: the page shows the error."""
        try:
            action()
        except Exception as error:
            self.error = f"Could not save to the history: {error}"
