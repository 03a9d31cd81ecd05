"""One-Euro filter (Casiez et al., CHI 2012): smooths jitter at rest, follows fast moves with little lag."""

from __future__ import annotations

import math

import numpy as np


def _alpha(cutoff_hz: np.ndarray | float, dt_s: float) -> np.ndarray | float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt_s)


class OneEuroFilter:
    """Filters an array signal sampled at irregular times. NaN samples pass through and are not remembered.

    ``min_cutoff_hz`` sets the smoothing at rest; ``beta`` (per unit of signal speed) opens the
    filter up as the signal moves, which keeps a fast rep from lagging.
    """

    def __init__(self, min_cutoff_hz: float = 1.5, beta: float = 5.0, derivative_cutoff_hz: float = 1.0) -> None:
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.derivative_cutoff_hz = derivative_cutoff_hz
        self._value: np.ndarray | None = None
        self._derivative: np.ndarray | None = None
        self._time_s: float | None = None

    def reset(self) -> None:
        self._value = self._derivative = self._time_s = None

    def __call__(self, value: np.ndarray, time_s: float) -> np.ndarray:
        value = np.asarray(value, dtype=float)
        if self._value is None or self._time_s is None or time_s <= self._time_s:
            self._value, self._derivative, self._time_s = value.copy(), np.zeros_like(value), time_s
            return value
        dt_s = time_s - self._time_s
        previous = np.where(np.isnan(self._value), value, self._value)
        raw_derivative = (value - previous) / dt_s
        derivative = self._derivative + _alpha(self.derivative_cutoff_hz, dt_s) * (raw_derivative - self._derivative)
        derivative = np.where(np.isnan(derivative), 0.0, derivative)
        cutoff = self.min_cutoff_hz + self.beta * np.abs(derivative)
        smoothed = previous + _alpha(cutoff, dt_s) * (value - previous)
        smoothed = np.where(np.isnan(value), np.nan, smoothed)
        self._value = np.where(np.isnan(smoothed), self._value, smoothed)
        self._derivative = derivative
        self._time_s = time_s
        return smoothed
