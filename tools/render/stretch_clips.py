"""The stretch clips of issue 14: per stretch, clip A (the average man, the exercise's own camera, both sides or
one hold, gentle rocking in the first hold) and clip B (another body, a second camera angle, one side held twice
with a break out of the position between). Holds are 4.5-6.5 s, not 30, to keep the clips short; 15 fps, 640x360."""

from __future__ import annotations

from .build import ClipSpec
from .camera import CameraSpec
from .clips import MAN, OLDER_WOMAN, TALL_THIN_MAN
from .exercises import StretchScript
from .scene import RoomSpec
from .stretches import STRETCH_POSTURES, UNSIDED, StretchHoldScript

FPS = 15.0
CRF = 30  # mostly still: ~0.1 MB for 20 s at 640x360 (MediaPipe reads the same holds as at the default 26)
W, H = 640, 360

# On the back (the head toward +Y, the hips at y = 0): side-on from the left, and 35 deg round toward the feet.
SUPINE_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.7, distance_m=2.1, fov_deg=50.0, width=W, height=H, target=(0.0, 0.0, 0.3))
SUPINE_OBLIQUE = CameraSpec(yaw_deg=55.0, height_m=0.85, distance_m=2.2, fov_deg=50.0, width=W, height=H, target=(0.0, 0.0, 0.3))
# Seated (butterfly): in front, low; and 35 deg round to the person's left.
SEATED_FRONT = CameraSpec(yaw_deg=0.0, height_m=0.65, distance_m=2.3, fov_deg=50.0, width=W, height=H, target=(0.0, -0.2, 0.35))
SEATED_OBLIQUE = CameraSpec(yaw_deg=-35.0, height_m=0.75, distance_m=2.4, fov_deg=50.0, width=W, height=H, target=(0.0, -0.2, 0.35))
# Pigeon (the back leg long toward +Y): side-on from the left, and 35 deg round from the right side toward the back.
PIGEON_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.7, distance_m=2.5, fov_deg=50.0, width=W, height=H, target=(0.0, 0.25, 0.35))
PIGEON_OBLIQUE = CameraSpec(yaw_deg=-125.0, height_m=0.8, distance_m=2.6, fov_deg=50.0, width=W, height=H, target=(0.0, 0.25, 0.35))
# ... and 45 deg round from the left side toward the back (the exercise asks for 35-45 deg behind a side; at 35 deg
# the average man's left hold read side-on, legs swapped, and timed nothing).
PIGEON_OBLIQUE_LEFT = CameraSpec(yaw_deg=135.0, height_m=0.8, distance_m=2.6, fov_deg=50.0, width=W, height=H, target=(0.0, 0.25, 0.35))
# Half kneeling, second angle: 45 deg round from the side toward the front.
KNEEL_OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, width=W, height=H, target=(0.0, 0.3, 0.75))
#: 25 degrees round from side-on toward the front: a phone put "at the side" by eye.
KNEEL_NEAR_SIDE = CameraSpec(yaw_deg=65.0, height_m=1.0, distance_m=3.0, fov_deg=50.0, width=W, height=H, target=(0.0, 0.3, 0.75))

MAT = RoomSpec(mat_rgb=(0.30, 0.45, 0.55), mat_center_y=0.0, seed=4)
MAT_SEATED = RoomSpec(mat_rgb=(0.50, 0.35, 0.30), mat_center_y=-0.2, seed=6)

# A: both sides, the first with rocking in the middle of its hold (6.5 s held each side).
PHASES_A: list[tuple[str, float]] = [
    ("rest", 1.0), ("in:L", 1.5), ("hold:L", 2.0), ("rock:L", 3.0), ("hold:L", 1.5), ("out:L", 1.5),
    ("rest", 1.0), ("in:R", 1.5), ("hold:R", 6.5), ("out:R", 1.5), ("rest", 0.5),
]  # fmt: skip
PHASES_A_ONE: list[tuple[str, float]] = [
    ("rest", 1.0), ("in", 1.5), ("hold", 2.0), ("rock", 3.0), ("hold", 1.5), ("out", 1.5), ("rest", 0.5),
]  # fmt: skip
# B: the right side held, a break out of the position (~5 s from leaving to being back), held again.
PHASES_B: list[tuple[str, float]] = [
    ("rest", 1.0), ("in:R", 1.5), ("hold:R", 4.5), ("out:R", 1.5), ("rest", 2.0), ("in:R", 1.5),
    ("hold:R", 4.5), ("out:R", 1.5), ("rest", 0.5),
]  # fmt: skip
PHASES_B_ONE = [(kind.partition(":")[0], seconds) for kind, seconds in PHASES_B]
# B for a stretch whose A clip is staged (pigeon: side-on cannot be read): the left side held, the break, the right
# side held, so the suite still times both sides from the second camera.
PHASES_B_SWITCH: list[tuple[str, float]] = [
    ("rest", 1.0), ("in:L", 1.5), ("hold:L", 4.5), ("out:L", 1.5), ("rest", 2.0), ("in:R", 1.5),
    ("hold:R", 4.5), ("out:R", 1.5), ("rest", 0.5),
]  # fmt: skip

CAMERAS: dict[str, tuple[CameraSpec, CameraSpec, RoomSpec]] = {
    "double_hip_rotation": (SUPINE_SIDE, SUPINE_OBLIQUE, MAT),
    "figure_four_stretch": (SUPINE_SIDE, SUPINE_OBLIQUE, MAT),
    "happy_baby": (SUPINE_SIDE, SUPINE_OBLIQUE, MAT),
    "butterfly_stretch": (SEATED_FRONT, SEATED_OBLIQUE, MAT_SEATED),
    "pigeon_pose": (PIGEON_SIDE, PIGEON_OBLIQUE, MAT),
}
SECOND_BODY = {
    "double_hip_rotation": OLDER_WOMAN, "figure_four_stretch": TALL_THIN_MAN, "happy_baby": OLDER_WOMAN,
    "butterfly_stretch": TALL_THIN_MAN, "pigeon_pose": OLDER_WOMAN,
}  # fmt: skip
B_PHASES = {"pigeon_pose": PHASES_B_SWITCH}


#: Rendered but not yet read right (tools/render/staging/, bug reports; tools/render/README.md has the measurements).
#: Pigeon side-on: MediaPipe labels the front leg "right" and the back leg "left" whichever leg is in front;
#: pigeon_pose asks for the camera 35-45 degrees behind the side (its B clip) and gives side-on the camera cue. Hip
#: flexor from 45 degrees: read as a front view, the front knee 117-150 degrees: the camera cue. (The figure four
#: clips are timed with the side untold: in sample_videos/.)
STAGED = {
    "pigeon_pose_side_both_rocking", "hip_flexor_stretch_oblique_break",
}  # fmt: skip


def _clips(exercise: str, seed: int) -> list[ClipSpec]:
    first, second, room = CAMERAS[exercise]
    sided = exercise not in UNSIDED
    script = lambda phases: StretchHoldScript(exercise, STRETCH_POSTURES[exercise], phases, sided=sided)  # noqa: E731
    a = f"{exercise}_{first.view}_both_rocking" if sided else f"{exercise}_{first.view}_rocking"
    b = f"{exercise}_{second.view}_break"
    return [
        ClipSpec(a, script(PHASES_A if sided else PHASES_A_ONE), camera=first, body=MAN, fps=FPS, seed=seed, room=room,
                 crf=CRF, staged=a in STAGED),
        ClipSpec(b, script(B_PHASES.get(exercise, PHASES_B) if sided else PHASES_B_ONE), camera=second,
                 body=SECOND_BODY[exercise], fps=FPS, seed=seed + 1, room=room, crf=CRF, staged=b in STAGED),
    ]  # fmt: skip


# The hip flexor stretch's second clip: the older woman filmed 45 deg off side-on, the right knee down, held,
# a break standing, held again, rocking a little more than in hip_flexor_stretch_side (+-4 deg at the back hip).
HIP_FLEXOR_PHASES_B: list[tuple[str, float]] = [
    ("stand", 1.0), ("down:R", 2.0), ("hold:R", 5.0), ("up:R", 2.0), ("stand", 1.5), ("down:R", 2.0),
    ("hold:R", 5.0), ("up:R", 2.0), ("stand", 0.5),
]  # fmt: skip

STRETCH_CLIPS: list[ClipSpec] = [
    *_clips("double_hip_rotation", 61),
    *_clips("figure_four_stretch", 63),
    *_clips("happy_baby", 65),
    *_clips("butterfly_stretch", 67),
    *_clips("pigeon_pose", 69),
    ClipSpec(
        "hip_flexor_stretch_oblique_break", StretchScript(HIP_FLEXOR_PHASES_B, seed=71, sway_deg=4.0),
        camera=KNEEL_OBLIQUE, body=OLDER_WOMAN, fps=FPS, seed=71, crf=CRF, staged=True, room=RoomSpec(mat_rgb=(0.45, 0.25, 0.45), mat_center_y=0.2, seed=8),
    ),
    # The pigeon's rocking clip with both sides and the average man, from its own camera on his left (side-on, its A
    # clip, is staged).
    ClipSpec(
        "pigeon_pose_oblique_left_both_rocking",
        StretchHoldScript("pigeon_pose", STRETCH_POSTURES["pigeon_pose"], PHASES_A, sided=True),
        camera=PIGEON_OBLIQUE_LEFT, body=MAN, fps=FPS, seed=75, room=MAT, crf=CRF,
    ),
    ClipSpec(
        "hip_flexor_stretch_oblique_25_break", StretchScript(HIP_FLEXOR_PHASES_B, seed=73, sway_deg=4.0),
        camera=KNEEL_NEAR_SIDE, body=OLDER_WOMAN, fps=FPS, seed=73, crf=CRF, room=RoomSpec(mat_rgb=(0.45, 0.25, 0.45), mat_center_y=0.2, seed=9),
    ),
]
