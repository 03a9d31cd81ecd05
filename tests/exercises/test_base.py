"""The declarative parts in posecoach.exercises.base that carry logic of their own."""

from posecoach.exercises.base import HOLD_BLIP_S, PeakHold, Threshold

HOLD = PeakHold(Threshold("min_hold_s", 1.5, "s", "test"), "Hold it.", band=Threshold("band", 0.05, "torso lengths", "test"))
FPS = 15.0


def samples(values: list[float]) -> list[tuple[float, float]]:
    return [(i / FPS, value) for i, value in enumerate(values)]


def test_a_one_frame_landmark_blip_does_not_break_a_hold():
    held = [0.25] * 20 + [0.09] + [0.25] * 20  # one frame of a foot read low in the middle of a 2.7 s hold
    assert HOLD.held_s(samples(held), 0.25, 0.0) == 40 / FPS


def test_lowering_and_lifting_again_is_two_holds():
    gap = int(FPS * (HOLD_BLIP_S + 0.3))
    held = [0.25] * 20 + [0.05] * gap + [0.25] * 15
    assert HOLD.held_s(samples(held), 0.25, 0.0) == 19 / FPS
