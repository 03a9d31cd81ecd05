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
