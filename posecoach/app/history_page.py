"""The history page: past sets and videos, progress over days, CSV export.

Which history a visitor sees is the operator's configuration (see ``posecoach.app.state``); nothing on
this page takes a path.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pandas as pd
import streamlit as st

from posecoach.app import charts, widgets
from posecoach.app.config import ConfigError, login_configured
from posecoach.app.state import VisitorHistory, open_history, recorder, visitor_history
from posecoach.exercises import all_exercises
from posecoach.history import History, HistoryError, SessionRow, plain_reason
from posecoach.summary import has_sides_by_name

NOTHING_YET = "Nothing here yet. Every live set and every video you analyse is saved here automatically."


def render() -> None:
    widgets.page_style()
    st.title("Your progress")
    try:
        place = visitor_history()
    except ConfigError as error:
        st.error(str(error))
        return
    _whose(place)
    status = recorder().status
    if status.message:
        (st.info if status.ok else st.warning)(status.message)
    try:
        store = open_history()
        if store is None:
            st.info(NOTHING_YET)
            return
        with store:
            sessions = store.sessions()
            if not sessions:
                st.info(NOTHING_YET)
                return
            _progress(store)
            _sessions(store, sessions)
    except (HistoryError, sqlite3.Error) as error:
        st.error(f"History can't be shown: {plain_reason(error)}; coaching continues.")


def _whose(place: VisitorHistory) -> None:
    st.caption(place.note + " Videos are kept only when you ask for it on the video page.")
    if login_configured():
        if st.user.is_logged_in:
            st.button("Log out", on_click=st.logout, key="history_logout")
        else:
            st.button("Log in to keep your history across visits", on_click=st.login, key="history_login")


def _progress(store: History) -> None:
    frame = charts.progress_frame(store.daily_progress())
    if frame.empty:
        return
    st.subheader("Progress over days")
    rep_days = frame[frame["reps"] + frame["attempts"] > 0]
    if not rep_days.empty:
        left, right = st.columns(2)
        with left:
            st.markdown("**Reps per day**")
            st.altair_chart(charts.reps_per_day(rep_days), width="stretch")
        with right:
            st.markdown("**Share of reps with a form issue**")
            st.altair_chart(charts.issue_share_per_day(rep_days), width="stretch")
        _range_of_motion(rep_days)
    held = frame[frame["held_s"] > 0]
    if not held.empty:
        st.markdown("**Time held per day (s)**")
        st.altair_chart(charts.held_per_day(held), width="stretch")


def _range_of_motion(frame: pd.DataFrame) -> None:
    exercises = all_exercises()
    names = [name for name in frame["exercise"].unique() if name in exercises]
    if not names:
        return
    st.markdown("**Range of motion** (mean key angle at the deepest point of each counted rep)")
    name = st.selectbox("Exercise", names, format_func=lambda n: exercises[n].title, key="history_rom_exercise")
    angle_columns = [f"peak {angle.replace('_', ' ')}" for angle in exercises[name].key_angles]
    data = frame[frame["exercise"] == name]
    available = [column for column in angle_columns if column in data and data[column].notna().any()]
    if not available:
        st.caption("No angles recorded yet for this exercise.")
        return
    column = st.radio("Angle", available, horizontal=True, key="history_rom_angle")
    st.altair_chart(charts.range_of_motion(data, column), width="stretch")


def _sessions(store: History, sessions: list[SessionRow]) -> None:
    st.subheader("Sessions")
    exercises = all_exercises()
    table = pd.DataFrame(
        [
            {
                "When": datetime.fromtimestamp(row.started_at).strftime("%Y-%m-%d %H:%M"),
                "Ended": datetime.fromtimestamp(row.ended_at).strftime("%H:%M") if row.ended_at else row.ended_text,
                "Exercise": exercises[row.exercise].title if row.exercise in exercises else row.exercise,
                "Source": "live" if row.source == "live" else f"video: {row.label}",
                "Set": row.set_number or "",
                "Reps": row.reps,
                "Not counted": row.attempts,
                "With issues": row.with_issues,
                "Held": widgets.held_text(row.counts.held_by_side(), has_sides_by_name(row.exercise)),
                "At it": widgets.bout_text(row.bouts),
                "Video kept": "yes" if row.video_path else "",
            }
            for row in sessions
        ]
    )
    if not table["At it"].any():
        table = table.drop(columns=["At it"])
    st.dataframe(table, hide_index=True, width="stretch", key="history_sessions")
    left, right = st.columns(2)
    left.download_button("Sessions (.csv)", store.sessions_csv(), file_name="posecoach-sessions.csv", mime="text/csv", width="stretch")
    right.download_button("All reps (.csv)", store.reps_csv(), file_name="posecoach-reps.csv", mime="text/csv", width="stretch")

    labels = {row.id: f"{datetime.fromtimestamp(row.started_at):%Y-%m-%d %H:%M} · {table.loc[i, 'Exercise']} · {table.loc[i, 'Source']}"
              for i, row in enumerate(sessions)}
    chosen = st.selectbox("Look at one session", list(labels), format_func=labels.__getitem__, key="history_session")
    row = next(row for row in sessions if row.id == chosen)
    reps = [row.rep for row in store.reps(chosen)]
    if bouts := widgets.bout_text(row.bouts):
        st.markdown(f"**{bouts}**")
    if reps:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "#": rep.index, "Counted": "rep" if rep.counted else "attempt", "Side": rep.side or "",
                        "Start (s)": round(rep.start_s, 1),
                        **{name.replace("_", " "): round(value, 1) for name, value in rep.angles.items()},
                        "Issues": "; ".join(f"{issue.message} ({issue.at_s:.1f} s)" for issue in rep.issues) or "good form",
                    }
                    for rep in reps
                ]
            ).drop(columns=[] if any(rep.side for rep in reps) else ["Side"]),
            hide_index=True, width="stretch",
        )
    holds = [row.hold for row in store.holds(chosen)]
    if holds:
        sided = has_sides_by_name(row.exercise)
        target_s = min(hold.target_s / (2 if sided and not hold.side else 1) for hold in holds)  # unseen: both sides' target
        st.markdown(f"**Held:** {widgets.held_text(row.counts.held_by_side(), sided)} (target {target_s:.0f} s"
                    f"{' each side' if sided else ''})")
        st.dataframe(widgets.hold_table(holds, sided), hide_index=True, width="stretch")
    kept = store.kept_video(row)
    if kept is not None:
        st.video(kept.read_bytes(), format="video/webm")
