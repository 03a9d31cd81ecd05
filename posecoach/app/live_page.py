"""The live coaching page: pick an exercise, start the camera, follow the count and the cues."""

from __future__ import annotations

import html

import streamlit as st

from posecoach.app import widgets
from posecoach.app.config import ConfigError
from posecoach.app.state import recorder
from posecoach.app.webrtc import is_playing, live_camera, server_can_stream, video_stall_watch
from posecoach.exercises import Exercise
from posecoach.live import LIVE_MODEL_CHOICES, LiveCoach, LiveSnapshot, SetPlan, live_models
from posecoach.live_models import ModelSwitcher
from posecoach.live_sink import HistorySink
from posecoach.summary import UNTOLD_KEY, UNTOLD_NAME, ExerciseKind, exercise_kind
from posecoach.workout import SetSummary

COACH_KEY = "live_coach"  # session_state: this browser tab's LiveCoach (one per tab, reused across reruns)
SPEAK_KEY = "speak_cues"
MODEL_KEY = "live_model"  # session_state: the pose model chosen for live coaching
_MODEL_IN_USE = "live_model_in_use"
#: How often the panel beside the video reads the coach. The video shows the count and the cue on every
#: frame; the panel trails it by up to this (plus the page update, 0.1-0.3 s), so the user sees a counted
#: rep there within about half a second. Every number on the panel (counter, set so far, the sets done,
#: the workout summary, the frame rate) is drawn in one fragment from one snapshot, so they never disagree.
#: Each refresh costs the server 2-3 ms of Python (measured under a load average of 9) and the browser a
#: page update.
REFRESH_S = 0.5


def render() -> None:
    widgets.page_style()
    with st.sidebar:
        st.header("Workout")
        exercise = widgets.exercise_picker()
        plan = _plan_inputs(exercise)
        model = st.radio(
            "Pose model", LIVE_MODEL_CHOICES, horizontal=True, key=MODEL_KEY,
            help="full is the most accurate; lite is faster on a slow computer; auto starts with full and "
                 "switches to lite if this computer cannot keep up with the camera.",
        )
        st.toggle("Speak cues aloud", value=False, key=SPEAK_KEY, help="Uses your browser's own voice; nothing is sent anywhere.")
    coach = _coach(exercise, plan, model)
    if server_can_stream():
        coach.warm_up()  # the model loads while the user reads the page, not after Start

    st.title(f"Live coach: {exercise.title}")
    guide = st.empty()  # filled once the camera's state is known: the whole how-to before, one line during
    video, panel = st.columns([3, 2], gap="large")
    with video:
        try:
            context = live_camera(coach)
        except ConfigError as error:
            st.error(str(error))
            context = None
        if context is not None:
            video_stall_watch()
        if not is_playing(context):
            st.info("Press **Start camera** and allow the camera. Your image is shown mirrored; frames never leave this computer.")
    with guide.container():
        _guide(exercise, plan, camera_on=is_playing(context))
    with panel:
        _live_status(coach)


def _guide(exercise: Exercise, plan: SetPlan, camera_on: bool) -> None:
    """The how-to, open until the camera starts; then only the plan and the safety line, so the video stays in view."""
    if camera_on:
        st.markdown(f"**Your plan:** {plan.describe(exercise)} &nbsp;·&nbsp; {widgets.safety_text(exercise)}")
        return
    with st.expander("How to do it, and where to put the camera", expanded=True):
        widgets.exercise_card(exercise)
        st.markdown(f"**Your plan:** {plan.describe(exercise)}")


def _plan_inputs(exercise: Exercise) -> SetPlan:
    reps = 10
    if exercise_kind(exercise) is ExerciseKind.REPS:
        reps = int(st.number_input("Reps per set", min_value=1, max_value=100, value=10, step=1, key="plan_reps"))
    else:
        st.caption("Hold exercises: a set ends when every side has been held for its target time.")
    sets = int(st.number_input("Sets", min_value=1, max_value=20, value=2, step=1, key="plan_sets"))
    rest_s = float(st.number_input("Rest between sets (s)", min_value=0, max_value=600, value=60, step=15, key="plan_rest"))
    return SetPlan(reps=reps, sets=sets, rest_s=rest_s)


def _coach(exercise: Exercise, plan: SetPlan, model: str) -> LiveCoach:
    coach: LiveCoach | None = st.session_state.get(COACH_KEY)
    store = recorder()
    if coach is None:
        coach = LiveCoach(exercise, plan, models=ModelSwitcher(*live_models(model)), sink=HistorySink(store))
        st.session_state[COACH_KEY] = coach
        st.session_state[_MODEL_IN_USE] = model
        return coach
    if st.session_state.get(_MODEL_IN_USE, model) != model:
        coach.choose_models(ModelSwitcher(*live_models(model)))
        st.session_state[_MODEL_IN_USE] = model
    coach.set_exercise(exercise)
    coach.set_plan(plan)
    if not isinstance(coach.sink, HistorySink) or coach.sink.recorder is not store:
        coach.set_sink(HistorySink(store))
    return coach


@st.fragment(run_every=REFRESH_S)
def _live_status(coach: LiveCoach) -> None:
    """Everything the panel shows (counter, message, controls, sets, stream), from one snapshot."""
    snap = coach.snapshot()
    if snap.error:
        st.error(snap.error)
    if snap.stalled_s:
        st.warning(f"The video has stalled: no camera frame for {snap.stalled_s:.0f} s. "
                   "If it does not come back, press Stop camera and Start camera again.")
    _counters(snap, coach.exercise)
    _message(snap)
    widgets.speaker(snap.recent_spoken, bool(st.session_state.get(SPEAK_KEY)), channel=str(id(coach)))
    left, middle, right = st.columns(3)
    left.button("Finish set", on_click=coach.finish_set, disabled=snap.resting_left_s is not None or snap.workout_done, width="stretch")
    middle.button("Skip rest", on_click=coach.skip_rest, disabled=snap.resting_left_s is None, width="stretch")
    right.button("Reset", on_click=coach.reset, help="Start over from set 1 (saved sets stay in the history).", width="stretch")
    if snap.workout_done:
        widgets.workout_summary(snap.completed)
    _summaries(snap)
    if snap.model_note:
        st.caption(snap.model_note)
    if not snap.streaming and not snap.workout_done:
        ready = "ready" if snap.model_ready else "loading..."
        st.markdown(f'<div class="pc-phase" data-testid="pc-model" data-value="{ready}">Pose model: {ready}</div>',
                    unsafe_allow_html=True)
    if snap.streaming and not snap.getting_ready:
        st.caption(
            f"{snap.processing_fps:.0f} frames/s analysed · {100 * snap.skipped_share:.0f}% skipped to stay live · "
            f"{snap.processing_ms:.0f} ms per frame"
        )


def _counters(snap: LiveSnapshot, exercise: Exercise) -> None:
    shown = snap.shown_set  # the set in progress, or the last one once the workout is done (its final count)
    set_text = f"{snap.set_number} of {snap.plan.sets}"
    phase = f" · Phase: <b>{html.escape(snap.status.phase)}</b>" if snap.streaming and snap.status.phase else ""
    if exercise_kind(exercise) is ExerciseKind.REPS:
        columns = st.columns(len(snap.sides) + 1)
        for column, side in zip(columns, snap.sides):
            with column:
                if side is None:
                    widgets.big_stat("Reps", f"{shown.reps} / {snap.plan.reps}", "pc-reps")
                else:
                    widgets.big_stat(side.value, f"{shown.counts.side(side).reps} / {snap.plan.reps}", f"pc-reps-{side.value}")
        with columns[-1]:
            widgets.big_stat("Set", set_text, "pc-set")
        if shown.attempts:
            st.caption(f"{shown.attempts} not counted (not the full range)")
        if snap.sides != (None,):
            line = " · ".join(f"{side.value} {shown.counts.side(side).reps} / {snap.plan.reps}" for side in snap.sides if side)
            st.markdown(f'<div class="pc-phase" data-testid="pc-sides">{line}</div>', unsafe_allow_html=True)
        if text := html.escape(widgets.bout_text(shown.bouts)):
            st.markdown(f'<div class="pc-phase" data-testid="pc-bouts" data-value="{text}">{text}</div>', unsafe_allow_html=True)
        if phase:
            st.markdown(f'<div class="pc-phase">{phase.removeprefix(" · ")}</div>', unsafe_allow_html=True)
        return
    # Holds: a big timer per side against the exercise's target; the set goes on the line below.
    target_s = exercise.target_s.value  # type: ignore[attr-defined]
    untold = snap.sides != (None,) and shown.counts.side(None).held_s > 0  # time whose side this view cannot show
    for column, side in zip(st.columns(len(snap.sides) + untold), snap.sides + ((None,) if untold else ())):
        held_s, side_target_s = shown.counts.side(side).held_s, target_s
        if side is None and untold:  # toward both sides' targets together
            side_target_s = exercise.untold_target_s  # type: ignore[union-attr]
            label, test_id = UNTOLD_NAME.capitalize(), f"pc-held-{UNTOLD_KEY}"
        else:
            label, test_id = ("Held", "pc-held-hold") if side is None else (side.value, f"pc-held-{side.value}")
        with column:
            widgets.big_stat(label + (" ✓" if held_s >= side_target_s else ""), f"{min(held_s, 999):.0f}", test_id,
                             of=f"/ {side_target_s:.0f} s")
    each = " each side" if snap.sides != (None,) else ""
    line = f'Target {target_s:.0f} s{each} · Set <b data-testid="pc-set" data-value="{set_text}">{set_text}</b>{phase}'
    st.markdown(f'<div class="pc-phase">{line}</div>', unsafe_allow_html=True)
    if untold:
        note = html.escape(exercise.untold_message())  # type: ignore[attr-defined]
        st.markdown(f'<div class="pc-phase" data-testid="pc-untold" data-value="{note}">{note}</div>',
                    unsafe_allow_html=True)


def _message(snap: LiveSnapshot) -> None:
    count = {"reps": snap.current.reps, "attempts": snap.current.attempts}  # the set's count now
    cue_count = dict(zip(("reps", "attempts"), snap.cue_count))  # the set's count when the cue came up
    if snap.workout_done:
        widgets.message_box("Workout complete. Well done!", "pc-rest", "pc-rest")
    elif snap.resting_left_s is not None:
        widgets.message_box(f"Rest {widgets.clock(snap.resting_left_s)}: set {snap.set_number} next", "pc-rest", "pc-rest")
    elif snap.getting_ready:
        widgets.message_box("Getting ready: loading the pose model. Counting starts in a moment.", "pc-ready", "pc-ready")
    elif snap.switch_to is not None:
        widgets.message_box(f"Switch sides: now your {snap.switch_to.value} side.", "pc-switch", "pc-switch")
    elif snap.status.guidance_message:
        widgets.message_box(snap.status.guidance_message, "pc-guide", "pc-guidance")
    elif snap.latest_cue:
        widgets.message_box(snap.latest_cue, "pc-cue", "pc-cue", cue_count)
    elif snap.streaming:
        widgets.message_box("Looking good: keep going.", "pc-cue", "pc-cue", count)


def _summaries(snap: LiveSnapshot) -> None:
    current: SetSummary = snap.current
    if not snap.workout_done and (current.reps or current.attempts or current.held_s):
        widgets.set_summary(current, f"Set {current.number} so far", "pc-so-far", bouts=False)  # they show under the counter
    for summary in reversed(snap.completed):
        widgets.set_summary(summary, f"Set {summary.number}" + ("" if summary.complete else " (ended early)"))
