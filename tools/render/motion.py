"""Timing of an exercise script: reps -> per-frame progress curves.

Each rep is a phase curve u(t) in [0, 1]: 0 at the start posture (standing for
a squat, hips down for a bridge), 1 at the peak (squat bottom, bridge top).
Per-rep values (depth, faults, ...) are carried alongside so a posture builder
can blend start and peak postures with u.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .geometry import smoothstep


@dataclass(frozen=True)
class RepSpec:
    """One repetition. Durations in seconds; `faults` are truth fault codes."""

    down_s: float = 1.4
    hold_s: float = 0.3
    up_s: float = 1.2
    rest_s: float = 0.8
    faults: tuple[str, ...] = ()
    params: dict[str, float] = field(default_factory=dict)
    side: str | None = None  # 'L' / 'R': the working side of a floor exercise's rep (None: no sides)


@dataclass(frozen=True)
class RepTiming:
    index: int
    start_frame: int
    peak_frame: int
    end_frame: int
    hold_frames: tuple[int, int]  # first and last frame at u == 1
    spec: RepSpec


@dataclass
class Timeline:
    """Per-frame progress u, rep number (0 = between reps) and rep timings."""

    fps: float
    u: np.ndarray
    rep_of_frame: np.ndarray
    reps: list[RepTiming]

    @property
    def frames(self) -> int:
        return len(self.u)

    def rep_param(self, key: str, default: float) -> np.ndarray:
        """Per-frame value of a per-rep parameter (held between reps)."""
        values = np.full(self.frames, default, dtype=np.float64)
        for rep in self.reps:
            v = rep.spec.params.get(key, default)
            values[rep.start_frame : rep.end_frame + 1] = v
        # carry the last rep's value into the rest frames that follow it
        return values

    def rep_has_fault(self, code: str) -> np.ndarray:
        mask = np.zeros(self.frames, dtype=bool)
        for rep in self.reps:
            if code in rep.spec.faults:
                mask[rep.start_frame : rep.end_frame + 1] = True
        return mask


def jitter(rng: np.random.Generator, value: float, rel: float) -> float:
    """value scaled by a uniform factor in [1 - rel, 1 + rel]."""
    return float(value * (1.0 + rng.uniform(-rel, rel)))


def build_timeline(
    reps: list[RepSpec], fps: float, lead_in_s: float, tail_s: float
) -> Timeline:
    """Lay reps end to end after lead_in_s of rest; tail_s of rest at the end."""
    u: list[float] = [0.0] * int(round(lead_in_s * fps))
    rep_ids: list[int] = [0] * len(u)
    timings: list[RepTiming] = []
    for i, spec in enumerate(reps, start=1):
        start = len(u)
        n_down = max(2, int(round(spec.down_s * fps)))
        n_hold = max(1, int(round(spec.hold_s * fps)))
        n_up = max(2, int(round(spec.up_s * fps)))
        n_rest = int(round(spec.rest_s * fps))
        down = smoothstep(np.arange(1, n_down + 1) / n_down)
        up = smoothstep(1.0 - np.arange(1, n_up + 1) / n_up)
        u.extend(down.tolist() + [1.0] * n_hold + up.tolist())
        end = len(u) - 1
        hold_first = start + n_down - 1
        hold_last = start + n_down + n_hold - 1
        peak = (hold_first + hold_last) // 2
        rep_ids.extend([i] * (end - start + 1))
        timings.append(RepTiming(i, start, peak, end, (hold_first, hold_last), spec))
        u.extend([0.0] * n_rest)
        rep_ids.extend([0] * n_rest)
    tail = int(round(tail_s * fps))
    u.extend([0.0] * tail)
    rep_ids.extend([0] * tail)
    return Timeline(fps, np.asarray(u), np.asarray(rep_ids), timings)
