"""History charts: axis titles with units, and numbers formatted for people."""

from __future__ import annotations

import pandas as pd
import pytest

from posecoach.app import charts

DAYS = pd.DataFrame(
    [
        {"day": "2026-11-29", "title": "Squat", "exercise": "squat", "reps": 5, "attempts": 0, "issue_share": 0.2,
         "held_s": 12.25, "peak knee": 185.5, "peak knee width ratio": 0.834},
        {"day": "2026-11-30", "title": "Squat", "exercise": "squat", "reps": 7, "attempts": 1, "issue_share": 0.0,
         "held_s": 30.0, "peak knee": 70.25, "peak knee width ratio": 0.912},
    ]
)


@pytest.mark.parametrize(
    ("column", "title", "number"),
    [("peak knee", "Knee (°) at the peak", ".0f"), ("peak knee width ratio", "Knee width (× ankle width) at the peak", ".2f")],
)
def test_range_of_motion_has_the_readings_unit_and_a_readable_number_format(column: str, title: str, number: str):
    y = charts.range_of_motion(DAYS, column).to_dict()["encoding"]["y"]
    assert y["title"] == title and "degrees" not in y["title"]
    assert y["axis"]["format"] == number
    tooltip = [item for item in charts.range_of_motion(DAYS, column).to_dict()["encoding"]["tooltip"] if item.get("field") == column]
    assert tooltip and tooltip[0]["format"] == number


def test_counts_and_seconds_are_whole_numbers_on_their_axes():
    assert charts.reps_per_day(DAYS).to_dict()["encoding"]["y"]["axis"]["format"] == "d"
    assert charts.held_per_day(DAYS).to_dict()["encoding"]["y"]["axis"]["format"] == ".0f"


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_hold_windows_are_shaded_per_side_with_their_seconds():
    from posecoach.events import HoldRecord
    from posecoach.exercises import get_exercise
    from posecoach.report import AngleSeries

    series = AngleSeries()
    for index in range(300):
        series.add(index / 10, "front_knee", 90.0 + (index % 7))
    holds = [HoldRecord(1, "left", 2.0, 9.0, 6.5, 30.0), HoldRecord(2, "right", 12.0, 19.5, 7.0, 30.0)]
    chart = charts.signal_chart(series, get_exercise("hip_flexor_stretch"), [], holds)
    spec = chart.to_dict()
    [shading] = [layer for layer in _layers(chart) if layer["mark"]["type"] == "rect"]
    rows = spec["datasets"][shading["data"]["name"]]
    assert [(row["side"], row["start"], row["end"], row["held_s"]) for row in rows] == [
        ("left", 2.0, 9.0, 6.5), ("right", 12.0, 19.5, 7.0)]
    colour = shading["encoding"]["color"]
    assert colour["scale"]["domain"] == ["left", "right"]
    assert colour["scale"]["range"] == [charts.HOLD_COLOURS["left"], charts.HOLD_COLOURS["right"]]


def test_a_hold_without_sides_is_one_colour_and_no_holds_no_shading():
    from posecoach.events import HoldRecord
    from posecoach.exercises import get_exercise
    from posecoach.report import AngleSeries

    series = AngleSeries()
    for index in range(100):
        series.add(index / 10, "knee_height", 0.3)
    butterfly = get_exercise("butterfly_stretch")
    chart = charts.signal_chart(series, butterfly, [], [HoldRecord(1, None, 1.0, 8.0, 7.0, 30.0)])
    [shading] = [layer for layer in _layers(chart) if layer["mark"]["type"] == "rect"]
    assert shading["encoding"]["color"]["scale"]["domain"] == ["hold"]
    unshaded = charts.signal_chart(series, butterfly, [], [])
    assert not any(layer["mark"]["type"] == "rect" for layer in _layers(unshaded))
