import numpy as np
import pytest

from posecoach.kinematics import geometry as geo


def test_joint_angle_right_angle_and_straight():
    assert geo.joint_angle([0, 0], [1, 0], [1, 1]) == pytest.approx(90.0)
    assert geo.joint_angle([0, 0], [1, 0], [2, 0]) == pytest.approx(180.0)


def test_joint_angle_is_vectorised_and_nan_safe():
    a = np.array([[0, 0], [0, 0], [np.nan, 0]])
    b = np.array([[1, 0], [1, 0], [1, 0]])
    c = np.array([[1, 1], [2, 0], [2, 0]])
    out = geo.joint_angle(a, b, c)
    assert out[:2] == pytest.approx([90.0, 180.0])
    assert np.isnan(out[2])


def test_joint_angle_of_a_zero_length_segment_is_nan():
    assert np.isnan(geo.joint_angle([1, 1], [1, 1], [2, 2]))


@pytest.mark.parametrize(
    ("upper", "expected"),
    [([0, -1], 0.0), ([1, -1], 45.0), ([1, 0], 90.0), ([0, 1], 180.0)],  # image y points down
)
def test_angle_from_vertical(upper, expected):
    assert geo.angle_from_vertical(np.zeros(2), np.array(upper, float)) == pytest.approx(expected)


def test_angle_from_horizontal_ignores_direction():
    assert geo.angle_from_horizontal([0, 0], [-2, 2]) == pytest.approx(45.0)
    assert geo.angle_from_horizontal([0, 0], [3, 0]) == pytest.approx(0.0)


def test_line_angle_signed_tells_above_from_below_the_line():
    shoulder, knee = np.array([0.0, 100.0]), np.array([200.0, 60.0])  # the line rises to the right
    on_line = (shoulder + knee) / 2
    below = on_line + [0, 20]  # larger y is lower in the image
    above = on_line - [0, 20]
    assert geo.line_angle_signed(shoulder, on_line, knee) == pytest.approx(180.0)
    assert geo.line_angle_signed(shoulder, below, knee) < 180.0
    assert geo.line_angle_signed(shoulder, above, knee) > 180.0
    # mirror image (head on the other side): same answer
    mirror = lambda p: np.array([-p[0], p[1]])
    assert geo.line_angle_signed(mirror(shoulder), mirror(above), mirror(knee)) > 180.0


def test_the_scalar_helpers_compute_what_the_vectorised_ones_do():
    rng = np.random.default_rng(7)
    points = rng.uniform(-500, 500, size=(400, 3, 2))
    points[::10, 0] = points[::10, 1]  # zero-length segments
    points[5::10, 2, 1] = np.nan  # hidden landmarks
    a, b, c = points[:, 0], points[:, 1], points[:, 2]
    pairs = [
        (geo.joint_angle(a, b, c), [geo.joint_angle_2d(*p) for p in points]),
        (geo.angle_from_vertical(a, b), [geo.angle_from_vertical_2d(p[0], p[1]) for p in points]),
        (geo.angle_from_horizontal(a, c), [geo.angle_from_horizontal_2d(p[0], p[2]) for p in points]),
        (geo.line_angle_signed(a, b, c), [geo.line_angle_signed_2d(*p) for p in points]),
        (geo.distance(a, c), [geo.distance_2d(p[0], p[2]) for p in points]),
    ]
    for vectorised, scalar in pairs:
        np.testing.assert_allclose(scalar, vectorised, rtol=1e-12, atol=1e-9, equal_nan=True)
    assert all(isinstance(value, float) for value in pairs[0][1])
