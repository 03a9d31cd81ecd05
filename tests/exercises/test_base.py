"""The declarative parts in posecoach.exercises.base that carry logic of their own."""

import dataclasses

import pytest

from posecoach.exercises import get_exercise
from posecoach.exercises.base import HOLD_BLIP_S, PeakHold, Threshold
from posecoach.kinematics import View

HOLD = PeakHold(Threshold("min_hold_s", 1.5, "s", "test"), "Hold it.", band=Threshold("band", 0.05, "torso lengths", "test"))
FPS = 15.0


def samples(values: list[float]) -> list[tuple[float, float]]:
    return [(i / FPS, value) for i, value in enumerate(values)]


def test_a_one_frame_landmark_blip_does_not_break_a_hold():
    held = [0.25] * 20 + [0.09] + [0.25] * 20  # one frame of a foot read low in the middle of a 2.7 s hold
    assert HOLD.held_s(samples(held), 0.25, 0.0) == 40 / FPS


def test_a_jittery_hold_is_held_though_one_frame_spikes_past_it():
    jitter = [0.02, -0.02, 0.01, -0.01]
    held = [0.25 + jitter[i % 4] for i in range(40)]
    held[20] = 0.33  # the rep's extreme: one frame of a landmark spike
    assert HOLD.held_s(samples(held), max(held), 0.0) == pytest.approx(39 / FPS)


def test_lowering_and_lifting_again_is_two_holds():
    gap = int(FPS * (HOLD_BLIP_S + 0.3))
    held = [0.25] * 20 + [0.05] * gap + [0.25] * 15
    assert HOLD.held_s(samples(held), 0.25, 0.0) == 19 / FPS


def test_a_rep_exercise_is_coached_from_the_views_of_its_signals_and_a_hold_names_its_views():
    squat = get_exercise("squat")
    assert squat.views == frozenset(squat.signals)
    with pytest.raises(ValueError, match="views are those of its signals"):
        dataclasses.replace(squat, views=frozenset({View.END}))
    with pytest.raises(ValueError, match="names the camera views"):
        dataclasses.replace(get_exercise("hip_flexor_stretch"), views=frozenset())
