"""The live panel with Streamlit's AppTest: what it shows for a given moment of a workout (no camera)."""

from __future__ import annotations

from dataclasses import replace

from streamlit.testing.v1 import AppTest

from posecoach.events import CheckerStatus, Event, EventKind, RepRecord
from posecoach.exercises import get_exercise
from posecoach.kinematics import Side
from posecoach.live import LiveSnapshot
from posecoach.workout import SetPlan, Workout
from test_workout import rep_event

TIMEOUT_S = 60


def snapshot(workout: Workout, **changes) -> LiveSnapshot:  # type: ignore[no-untyped-def]
    base = LiveSnapshot(
        exercise=workout.exercise.name, status=CheckerStatus(), plan=workout.plan, set_number=workout.set_number,
        current=workout.summary(), completed=tuple(workout.completed), workout_done=workout.done,
        sides=(None,), cue_count=(0, 0), model_ready=True, streaming=True,
    )
    return replace(base, **changes)


def _panel(snap, exercise_name):  # type: ignore[no-untyped-def]  # runs as its own script: no annotations from this module
    from posecoach.app import live_page
    from posecoach.exercises import get_exercise

    live_page._counters(snap, get_exercise(exercise_name))
    live_page._message(snap)
    if snap.workout_done:
        from posecoach.app import widgets

        widgets.workout_summary(snap.completed)
    live_page._summaries(snap)


def panel_text(snap: LiveSnapshot, exercise: str = "squat") -> str:
    at = AppTest.from_function(_panel, args=(snap, exercise), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    return "\n".join(str(element.value) for element in at.markdown)


def test_the_end_of_a_workout_keeps_the_final_count_and_sums_it_up():
    workout = Workout(get_exercise("squat"), SetPlan(reps=1, sets=2, rest_s=0))
    workout.add([], CheckerStatus(), 0.0)
    workout.add([rep_event(1, 3.0)], CheckerStatus(reps=1), 3.0)
    workout.finish_set(now_s=0.0, complete=True)
    workout.tick(1.0)
    workout.add([], CheckerStatus(), 6.0)
    workout.add([rep_event(1, 9.0, counted=False), rep_event(2, 12.0)], CheckerStatus(reps=1, attempts=1), 12.0)
    workout.finish_set(now_s=2.0, complete=True)
    text = panel_text(snapshot(workout, status=CheckerStatus(phase="bottom"), streaming=False))
    assert 'data-testid="pc-reps" data-value="1 / 1"' in text  # the last set's count, not "0 / 1"
    assert 'data-testid="pc-set" data-value="2 of 2"' in text
    assert "Workout complete" in text and "Phase:" not in text  # the camera is off: no stale phase
    assert "1 rep, 0 not counted" in text and "1 reps" not in text
    assert 'data-testid="pc-summary" data-value="2 sets · 2 reps · 1 not counted · 0 form issues · 0:09"' in text


def test_exercises_with_sides_count_each_side_against_the_plan():
    workout = Workout(get_exercise("squat"), SetPlan(reps=10, sets=2))
    workout.add([rep_event(i, 2.0 * i, side=Side.LEFT) for i in range(1, 7)], CheckerStatus(), 12.0)
    text = panel_text(snapshot(workout, sides=(Side.LEFT, Side.RIGHT)))
    assert 'data-testid="pc-sides">left 6 / 10 · right 0 / 10<' in text
    assert 'data-testid="pc-reps-left" data-value="6 / 10"' in text and 'data-testid="pc-reps-right" data-value="0 / 10"' in text


def test_getting_ready_and_a_cue_with_the_count_it_came_up_at():
    workout = Workout(get_exercise("squat"), SetPlan())
    assert 'data-testid="pc-ready">Getting ready' in panel_text(snapshot(workout, getting_ready=True, model_ready=False))
    workout.add([rep_event(1, 3.0)], CheckerStatus(reps=1), 3.0)
    text = panel_text(snapshot(workout, latest_cue="Go a little lower.", cue_count=(1, 0)))
    assert 'data-testid="pc-cue" data-reps="1" data-attempts="0">Go a little lower.<' in text


def test_a_hold_shows_a_timer_per_side_and_the_target():
    stretch = get_exercise("hip_flexor_stretch")
    workout = Workout(stretch, SetPlan(sets=1))
    workout.add([], CheckerStatus(held_s={Side.LEFT: 12.4}), 20.0)
    text = panel_text(snapshot(workout, sides=(Side.LEFT, Side.RIGHT), status=CheckerStatus(phase="holding")), "hip_flexor_stretch")
    assert 'data-testid="pc-held-left" data-value="12 / 30 s"' in text and 'data-testid="pc-held-right" data-value="0 / 30 s"' in text
    assert f"Target {stretch.target_s.value:.0f} s each side" in text and "Phase: <b>holding</b>" in text
    assert "pc-switch" not in text


def test_a_hold_done_on_one_side_says_switch_sides():
    stretch = get_exercise("hip_flexor_stretch")
    assert stretch.target_s.value == 30
    workout = Workout(stretch, SetPlan(sets=1))
    workout.add([], CheckerStatus(held_s={Side.LEFT: 30.2, Side.RIGHT: 2.0}, next_side="right"), 33.0)
    switching = snapshot(workout, sides=(Side.LEFT, Side.RIGHT), switch_to=Side.RIGHT,
                         latest_cue="30 s done on the left side. Well held! Switch sides: now your right side.")
    text = panel_text(switching, "hip_flexor_stretch")
    assert 'data-testid="pc-switch">Switch sides: now your right side.<' in text
    assert "pc-cue" not in text  # one message at a time: the switch, not the same words again as a cue
    assert 'data-testid="pc-held-left" data-value="30 / 30 s"' in text and ">left ✓<" in text
    assert "pc-switch" not in panel_text(replace(switching, switch_to=None), "hip_flexor_stretch")


def test_a_hold_whose_side_is_not_seen_shows_its_own_timer_toward_both_sides_and_says_why():
    stretch = get_exercise("figure_four_stretch")
    workout = Workout(stretch, SetPlan(sets=1))
    workout.add([], CheckerStatus(held_s={None: 31.2}), 40.0)
    text = panel_text(snapshot(workout, sides=(Side.LEFT, Side.RIGHT), latest_cue="30 s done. Switch sides now."),
                      "figure_four_stretch")
    assert 'data-testid="pc-held-untold" data-value="31 / 60 s"' in text and ">Side not seen<" in text
    assert 'data-testid="pc-held-left" data-value="0 / 30 s"' in text
    assert "the time counts toward both sides, 60 s in all. Switch sides at 30 s." in text
    assert 'data-testid="pc-cue"' in text and "Switch sides now." in text
    assert "pc-untold" not in panel_text(snapshot(Workout(stretch, SetPlan(sets=1)), sides=(Side.LEFT, Side.RIGHT)),
                                         "figure_four_stretch")


def test_the_plan_line_shows_the_users_plan():
    assert SetPlan(reps=12, sets=3).describe(get_exercise("squat")) == "3 sets of 12"
    at = AppTest.from_string(
        "from posecoach.app import live_page\nlive_page.render()\n", default_timeout=TIMEOUT_S
    ).run()
    at.sidebar.number_input(key="plan_reps").set_value(12).run()
    at.sidebar.number_input(key="plan_sets").set_value(3).run()
    assert not at.exception
    assert any("**Your plan:** 3 sets of 12" in str(element.value) for element in at.markdown)


def jumps(starts: list[float], side: str | None = None, range_deg: float | None = None) -> list[Event]:
    """Counted reps starting at ``starts``, each 0.4 s long (a jump, or the out half of a swing)."""
    angles = {"swing_range_deg": range_deg} if range_deg is not None else {}
    return [Event(EventKind.REP, start + 0.4, "", rep=RepRecord(i, start, start + 0.2, start + 0.4, True, angles, side=side))
            for i, start in enumerate(starts, 1)]


def test_bouts_show_live_under_the_counter_and_in_each_finished_set():
    rope = Workout(get_exercise("jump_rope"), SetPlan(reps=100, sets=2, rest_s=0))
    rope.add(jumps([0.5 * i for i in range(20)] + [15.0 + 0.5 * i for i in range(11)]), CheckerStatus(), 20.0)  # 10 s, a break, 5 s
    text = panel_text(snapshot(rope), "jump_rope")
    assert 'data-testid="pc-bouts" data-value="Time jumping 0:16 · 120 per minute · 1 break"' in text
    swings = Workout(get_exercise("leg_swing_front_back"), SetPlan(reps=10, sets=2, rest_s=0))
    swings.add(jumps([1.0 * i for i in range(10)], "left", 50.0) + jumps([12.0 + 1.0 * i for i in range(10)], "right", 40.0),
               CheckerStatus(), 22.0)
    swings.finish_set(now_s=0.0, complete=True)
    text = panel_text(snapshot(swings, sides=(Side.LEFT, Side.RIGHT)), "leg_swing_front_back")
    assert "20 reps, 0 not counted, in 0:00 · Time swinging: left 0:10 (50° range) · right 0:10 (40° range) · 60 per minute · 0 breaks" in text
