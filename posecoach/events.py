"""What the exercise checkers emit: records of reps and holds, cues, guidance, and live events."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from posecoach.kinematics.sides import Side


@dataclass(frozen=True)
class Issue:
    code: str  # stable identifier, e.g. "torso_lean"
    message: str  # the cue shown to the user
    at_s: float  # when it was seen

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "at_s": round(self.at_s, 3)}


@dataclass(frozen=True)
class RepRecord:
    index: int  # 1-based, over reps and attempts
    start_s: float
    peak_s: float  # bottom of a squat, top of a bridge
    end_s: float
    counted: bool  # False: an attempt that did not go through the full range
    angles: dict[str, float]  # key angles at the peak, degrees
    issues: tuple[Issue, ...] = ()
    peak_hold_s: float = 0.0  # time spent in the peak zone
    side: str | None = None  # "left" / "right": the side that worked, for exercises with sides (detected)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 3),
            "peak_s": round(self.peak_s, 3),
            "end_s": round(self.end_s, 3),
            "counted": self.counted,
            "side": self.side,
            "peak_hold_s": round(self.peak_hold_s, 2),
            "angles": {name: round(value, 1) for name, value in self.angles.items()},
            "issues": [issue.to_dict() for issue in self.issues],
        }


@dataclass(frozen=True)
class HoldRecord:
    index: int
    side: str | None  # "left" / "right" for exercises with sides
    start_s: float
    end_s: float
    held_s: float  # time in the target posture (breaks shorter than the grace period included)
    target_s: float
    issues: tuple[Issue, ...] = ()

    @property
    def completed(self) -> bool:
        return self.held_s >= self.target_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "side": self.side,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "held_s": round(self.held_s, 2),
            "target_s": self.target_s,
            "completed": self.completed,
            "issues": [issue.to_dict() for issue in self.issues],
        }


class Guidance(str, Enum):
    """Why nothing is being counted right now, in the order they are checked."""

    NO_PERSON = "no_person"
    NOT_FULL_BODY = "not_full_body"
    WRONG_ORIENTATION = "wrong_orientation"  # e.g. standing for an exercise done lying on the side
    WRONG_VIEW = "wrong_view"
    WRONG_POSITION = "wrong_position"
    SEVERAL_PEOPLE = "several_people"
    TOO_DARK = "too_dark"


class EventKind(str, Enum):
    REP = "rep"
    ATTEMPT = "attempt"
    HOLD_SEGMENT = "hold_segment"
    HOLD_COMPLETE = "hold_complete"
    SWITCH_SIDES = "switch_sides"  # one side's target is reached and the other is still to do; code: that side
    CUE = "cue"
    GUIDANCE = "guidance"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    at_s: float
    message: str
    code: str = ""
    rep: RepRecord | None = None
    hold: HoldRecord | None = None


@dataclass(frozen=True)
class CheckerStatus:
    """A snapshot of a checker for displays: counts, phase, timers and the message to show now."""

    reps: int = 0
    attempts: int = 0
    reps_by_side: dict[str, int] = field(default_factory=dict)  # counted reps per side, for exercises with sides
    peak_held_s: float = 0.0  # time held at the peak of the rep in progress
    phase: str = ""
    cue: str = ""  # the one cue on screen now, or ""
    cue_code: str = ""
    guidance: Guidance | None = None
    guidance_message: str = ""
    held_s: dict[Side | None, float] = field(default_factory=dict)  # per side (None without sides) for hold exercises
    target_s: float = 0.0
    next_side: str = ""  # a hold with sides: the side still to do once one is complete ("switch sides")
    signal_name: str = ""
    signal_value: float = float("nan")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["guidance"] = self.guidance.value if self.guidance else None
        return data
