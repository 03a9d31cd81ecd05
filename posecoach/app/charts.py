"""Altair charts: the key signal of an analysed video, and progress over days."""

from __future__ import annotations

import altair as alt
import pandas as pd

from posecoach.events import HoldRecord, RepRecord
from posecoach.exercises import Exercise, all_exercises
from posecoach.exercises.base import PhaseSignal
from posecoach.history import DailyProgress
from posecoach.report import AngleSeries
from posecoach.summary import UNTOLD_NAME, has_sides


def signal_for(exercise: Exercise, name: str) -> PhaseSignal | None:
    """The exercise's phase signal called ``name`` (the series records which one it followed)."""
    for signal in getattr(exercise, "signals", {}).values():
        if signal.name == name:
            return signal
    return None


#: Hold windows are shaded by side: the left and right of a stretch in two colours, a hold without sides in one.
HOLD_COLOURS = {"left": "#2e7dbf", "right": "#9b59b6", "hold": "#2e9d5b", UNTOLD_NAME: "#7f8c8d"}


def hold_spans(holds: list[HoldRecord], sided: bool = False) -> pd.DataFrame:
    """One row per hold window: side, start, end and seconds held (the chart's shading and its tooltip); a hold
    without a side is "side not seen" for an exercise with sides (``sided``)."""
    unseen = UNTOLD_NAME if sided else "hold"
    return pd.DataFrame(
        [{"start": round(h.start_s, 2), "end": round(h.end_s, 2), "side": h.side or unseen, "held_s": round(h.held_s, 1)}
         for h in holds],
        columns=["start", "end", "side", "held_s"],
    )


def signal_chart(
    series: AngleSeries, exercise: Exercise, reps: list[RepRecord], holds: list[HoldRecord] | None = None
) -> alt.Chart | None:
    """The signal over time, each rep shaded (green counted, orange not) or each hold window shaded by side, and
    the thresholds as dashed lines."""
    values = pd.DataFrame({"time_s": series.times_s, "value": series.values}).dropna()
    if values.empty:
        return None
    signal = signal_for(exercise, series.name)
    unit = f" ({signal.unit})" if signal else ""
    title = f"{series.name or 'signal'}{unit}"
    line = alt.Chart(values).mark_line(color="#1f4e79").encode(
        x=alt.X("time_s:Q", title="time (s)"), y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False))
    )
    layers: list[alt.Chart] = []
    if reps:
        spans = pd.DataFrame(
            [{"start": r.start_s, "end": r.end_s, "rep": f"#{r.index}", "kind": "rep" if r.counted else "attempt"} for r in reps]
        )
        layers.append(
            alt.Chart(spans).mark_rect(opacity=0.18).encode(
                x="start:Q", x2="end:Q",
                color=alt.Color("kind:N", scale=alt.Scale(domain=["rep", "attempt"], range=["#2e9d5b", "#e8871e"]), title=""),
                tooltip=["rep", "kind", "start", "end"],
            )
        )
    if holds:
        spans = hold_spans(holds, has_sides(exercise))
        sides = [side for side in HOLD_COLOURS if side in set(spans["side"])]
        layers.append(
            alt.Chart(spans).mark_rect(opacity=0.18).encode(
                x="start:Q", x2="end:Q",
                color=alt.Color("side:N", scale=alt.Scale(domain=sides, range=[HOLD_COLOURS[s] for s in sides]), title="held"),
                tooltip=["side", alt.Tooltip("held_s:Q", title="held (s)"), "start", "end"],
            )
        )
    layers.append(line)
    if signal is not None:
        rules = pd.DataFrame(
            [{"value": t.value, "threshold": f"{label}: {t.value:g}"} for label, t in
             (("standing/rest", signal.rest), ("rep starts", signal.leave), ("full range", signal.full))]
        )
        layers.append(
            alt.Chart(rules).mark_rule(strokeDash=[6, 4], color="#666").encode(y="value:Q", tooltip=["threshold"])
        )
        layers.append(
            alt.Chart(rules).mark_text(align="left", dx=4, dy=-6, color="#444", fontSize=11).encode(
                y="value:Q", x=alt.value(4), text="threshold:N"
            )
        )
    return alt.layer(*layers).properties(height=280)


def progress_frame(progress: list[DailyProgress]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "day": entry.day, "exercise": entry.exercise, "title": _title(entry.exercise), "reps": entry.reps, "attempts": entry.attempts,
                "issue_share": round(entry.issue_share, 3), "held_s": entry.held_s, **{
                    f"peak {name.replace('_', ' ')}": value for name, value in entry.peak_angles.items()
                },
            }
            for entry in progress
        ]
    )


def _title(name: str) -> str:
    exercise = all_exercises().get(name)
    return exercise.title if exercise else name


DAY = alt.X("day:O", title="day", axis=alt.Axis(labelAngle=0))
EXERCISE = alt.Color("title:N", title="exercise")


def reps_per_day(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        x=DAY, y=alt.Y("reps:Q", title="reps counted", axis=alt.Axis(format="d", tickMinStep=1)),
        color=EXERCISE, xOffset="title:N", tooltip=["day", "title", "reps", "attempts"],
    ).properties(height=260)


def held_per_day(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        x=DAY, y=alt.Y("held_s:Q", title="seconds held", axis=alt.Axis(format=".0f")),
        color=EXERCISE, xOffset="title:N", tooltip=["day", "title", alt.Tooltip("held_s:Q", title="seconds held", format=".0f")],
    ).properties(height=240)


def issue_share_per_day(frame: pd.DataFrame) -> alt.Chart:
    data = frame[frame["reps"] > 0]
    return alt.Chart(data).mark_line(point=True).encode(
        x=DAY,
        y=alt.Y("issue_share:Q", title="share of reps", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=EXERCISE, tooltip=["day", "title", "reps", alt.Tooltip("issue_share:Q", format=".0%")],
    ).properties(height=260)


def reading_axis(column: str) -> tuple[str, str]:
    """The axis title (with the reading's unit) and the number format for a history column "peak <reading>"."""
    from posecoach.app.video_page import READINGS  # the one table of per-rep readings and units (imported late: video_page imports charts)

    name = column.removeprefix("peak ").replace(" ", "_")
    reading = READINGS.get(name)
    title = f"{reading.title} at the peak" if reading else column
    return title, (".0f" if "°" in title else ".2f")


def range_of_motion(frame: pd.DataFrame, column: str) -> alt.Chart:
    data = frame.dropna(subset=[column])
    title, number = reading_axis(column)
    return alt.Chart(data).mark_line(point=True).encode(
        x=DAY, y=alt.Y(f"{column}:Q", title=title, scale=alt.Scale(zero=False, padding=10), axis=alt.Axis(format=number)),
        color=EXERCISE, tooltip=["day", "title", alt.Tooltip(f"{column}:Q", title=title, format=number)],
    ).properties(height=260)
