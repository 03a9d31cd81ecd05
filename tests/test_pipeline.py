import numpy as np

from helpers import Run
from posecoach.events import EventKind, Guidance
from posecoach.exercises import get_exercise
from posecoach.pipeline import TOO_DARK_LUMA, CoachSession, mean_luma
from synthetic import frames_for, make_pose, rep_profile, squat_side_points


def squats(t: float):
    return make_pose(squat_side_points(rep_profile(178.0, 70.0, 2.4)((t - 1.0) % 2.4) if t > 1.0 else 178.0))


def run(people: int = 1, luma: float = 120.0, duration_s: float = 1.0 + 2.4 * 3 + 0.5) -> Run:
    result = Run(CoachSession(get_exercise("squat")))
    for frame in frames_for(duration_s):
        result.results.append(result.session.process_pose(frame, squats(frame.timestamp_s), people, luma))
    return result


def test_a_dark_room_asks_for_light_and_counts_nothing():
    dark = run(luma=TOO_DARK_LUMA - 10)
    assert dark.session.checker.reps == 0
    assert dark.events_of(EventKind.GUIDANCE)[0].code == Guidance.TOO_DARK.value
    assert run().session.checker.reps == 3


def test_several_people_pause_counting_but_the_centre_person_is_still_tracked():
    crowd = run(people=2)
    assert crowd.events_of(EventKind.GUIDANCE)[0].code == Guidance.SEVERAL_PEOPLE.value
    assert crowd.session.checker.reps == 0
    assert "alone in the frame" in crowd.results[-1].status.guidance_message
    assert all(result.pose is not None for result in crowd.results)


def test_mean_luma():
    assert mean_luma(np.zeros((64, 64, 3), np.uint8)) == 0.0
    assert mean_luma(np.full((64, 64, 3), 200, np.uint8)) == 200.0


def test_frame_result_carries_status_for_displays():
    last = run().results[-1]
    assert last.status.reps == 3 and last.status.phase == "standing"
    assert last.status.signal_name == "knee angle" and 60 < last.status.signal_value <= 180
