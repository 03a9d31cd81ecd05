import numpy as np

from posecoach.kinematics.smoothing import OneEuroFilter


def test_reduces_jitter_at_rest():
    rng = np.random.default_rng(0)
    noisy = 0.5 + rng.normal(0, 0.003, 300)
    f = OneEuroFilter()
    smoothed = np.array([f(np.array([x]), i / 30)[0] for i, x in enumerate(noisy)])
    assert np.std(smoothed[30:]) < 0.5 * np.std(noisy[30:])


def test_follows_a_fast_move_with_little_lag():
    # a squat-speed move: half an image height in 0.6 s
    times = np.arange(0, 2, 1 / 30)
    signal = np.clip((times - 0.5) / 0.6, 0, 1) * 0.5
    f = OneEuroFilter()
    smoothed = np.array([f(np.array([x]), t)[0] for x, t in zip(signal, times)])
    lag_frames = np.argmax(smoothed > 0.45) - np.argmax(signal > 0.45)
    assert 0 <= lag_frames <= 3


def test_nan_samples_pass_through_and_are_not_remembered():
    f = OneEuroFilter()
    f(np.array([1.0, 1.0]), 0.0)
    out = f(np.array([np.nan, 2.0]), 1 / 30)
    assert np.isnan(out[0]) and 1.0 < out[1] <= 2.0
    out = f(np.array([1.0, 2.0]), 2 / 30)
    assert out[0] == 1.0  # picks up from its last good value


def test_reset_forgets_history():
    f = OneEuroFilter()
    f(np.array([0.0]), 0.0)
    f.reset()
    assert f(np.array([5.0]), 0.1)[0] == 5.0
