"""The dynamic standing clips (issue 13): jump rope with tempo changes and a break, every jump in the truth."""

from __future__ import annotations

from .build import ClipSpec
from .camera import CameraSpec
from .clips import OLDER_WOMAN
from .dynamic import JumpBlock, JumpRopeScript, Rest

# 15 fps keeps each clip near 0.2-0.3 MB. Jumps are filmed on an upright phone (360x640): the feet move a few
# centimetres, so the body fills the frame's height. A fast jumper is in the air for only ~0.2 s, three frames at
# 15 fps, whose smoothed tops and bottoms read 1-2 cm short: the fast block (2.4 jumps/s) is the hard part.
JUMP_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.95, distance_m=3.0, fov_deg=40.0, width=360, height=640, target=(0.0, 0.0, 0.92))
JUMP_OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=0.95, distance_m=3.0, fov_deg=40.0, width=360, height=640, target=(0.0, 0.0, 0.92))

JUMP_BLOCKS = [
    JumpBlock(6, 0.55), JumpBlock(3, 0.55, stiff=True), JumpBlock(6, 0.42, height_m=0.05), Rest(2.2),
    JumpBlock(5, 0.7, height_m=0.07),
]

DYNAMIC_CLIPS: list[ClipSpec] = [
    ClipSpec(name="jump_rope_side", script=JumpRopeScript(JUMP_BLOCKS), camera=JUMP_SIDE, fps=15.0, seed=61),
    ClipSpec(name="jump_rope_oblique_body2", script=JumpRopeScript(JUMP_BLOCKS), camera=JUMP_OBLIQUE, body=OLDER_WOMAN, fps=15.0, seed=62),
]


# ------------------------------------------------------------------ leg swings (640x360, whole body with room for the leg)
from .clips import MAN  # noqa: E402
from .dynamic import LegSwingScript, SwingSpec  # noqa: E402

SWING_SIDE = CameraSpec(yaw_deg=90.0, height_m=0.95, distance_m=3.4, fov_deg=40.0, width=640, height=360, target=(0.0, 0.0, 0.9))
SWING_OBLIQUE = CameraSpec(yaw_deg=45.0, height_m=0.95, distance_m=3.4, fov_deg=40.0, width=640, height=360, target=(0.0, 0.0, 0.9))
SWING_FRONT = CameraSpec(yaw_deg=0.0, height_m=0.95, distance_m=3.4, fov_deg=40.0, width=640, height=360, target=(0.0, 0.0, 0.9))
SWING_BEHIND = CameraSpec(yaw_deg=180.0, height_m=0.95, distance_m=3.4, fov_deg=40.0, width=640, height=360, target=(0.0, 0.0, 0.9))

FRONT_BACK_FAULTS = [
    SwingSpec("L", 1.4), SwingSpec("L", 1.3, bend_deg=45.0), SwingSpec("L", 1.0, back_deg=20.0),
    SwingSpec("L", 0.8, front_deg=25.0, back_deg=14.0, fast_narrow=True),  # from 20 back to 25 forward in 0.4 s: 45 deg
    SwingSpec("L", 1.4, trunk_follow=0.35),
    SwingSpec("R", 1.4), SwingSpec("R", 1.1),
]
FRONT_BACK_CLEAN = [SwingSpec("R", 1.5), SwingSpec("R", 1.2, 50.0, 25.0), SwingSpec("R", 1.6), SwingSpec("L", 1.4), SwingSpec("L", 1.1), SwingSpec("L", 1.5, 50.0, 30.0)]
SIDE_FAULTS = [
    SwingSpec("L", 1.4, 40.0, 15.0), SwingSpec("L", 0.8, 22.0, 15.0, fast_narrow=True),  # 15 across to 22 out: 37 deg
    SwingSpec("L", 1.4, 40.0, 20.0, trunk_follow=0.4), SwingSpec("L", 1.4, 40.0, 20.0, bend_deg=40.0),
    SwingSpec("R", 1.4, 40.0, 20.0), SwingSpec("R", 1.1, 38.0, 20.0),
]
SIDE_CLEAN = [SwingSpec("R", 1.5, 40.0, 20.0), SwingSpec("R", 1.1, 35.0, 20.0), SwingSpec("R", 1.6, 45.0, 20.0),
              SwingSpec("L", 1.4, 40.0, 20.0), SwingSpec("L", 1.2, 40.0, 20.0), SwingSpec("L", 1.5, 42.0, 20.0)]
CIRCLES = [SwingSpec("R", 2.0, 30.0, 30.0), SwingSpec("R", 1.5, 30.0, 30.0), SwingSpec("R", 2.2, 35.0, 35.0),
           SwingSpec("L", 2.0, 30.0, 30.0), SwingSpec("L", 1.6, 32.0, 32.0)]

DYNAMIC_CLIPS += [
    ClipSpec(name="leg_swing_front_back_side_faults", script=LegSwingScript(FRONT_BACK_FAULTS, lead_in_s=0.8), camera=SWING_SIDE, body=MAN, fps=15.0, seed=63),
    ClipSpec(name="leg_swing_front_back_oblique_body2", script=LegSwingScript(FRONT_BACK_CLEAN, lead_in_s=0.8), camera=SWING_OBLIQUE, body=OLDER_WOMAN, fps=15.0, seed=64),
    # staged: MediaPipe reads the 38-deg waist bend toward the camera as a torso 0.947 of its length (see the README)
    ClipSpec(name="leg_swing_side_front_faults", script=LegSwingScript(SIDE_FAULTS, plane="frontal", exercise="leg_swing_side", lead_in_s=0.8), camera=SWING_FRONT, body=MAN, fps=15.0, seed=65),
    ClipSpec(name="leg_swing_side_behind_body2", script=LegSwingScript(SIDE_CLEAN, plane="frontal", exercise="leg_swing_side", lead_in_s=0.8), camera=SWING_BEHIND, body=OLDER_WOMAN, fps=15.0, seed=66),
    ClipSpec(name="leg_circle_front", script=LegSwingScript(CIRCLES, plane="circle", exercise="leg_circle", lead_in_s=0.8), camera=SWING_FRONT, body=MAN, fps=15.0, seed=67),
    ClipSpec(name="leg_circle_side_body2", script=LegSwingScript(CIRCLES, plane="circle", exercise="leg_circle", lead_in_s=0.8), camera=SWING_SIDE, body=OLDER_WOMAN, fps=15.0, seed=68),
]


# ------------------------------------------------------------------ banded walk (the camera follows the walk's middle)
from .dynamic import BandedWalkScript, SideStep  # noqa: E402

BAND_FRONT = CameraSpec(yaw_deg=0.0, height_m=0.9, distance_m=3.3, fov_deg=44.0, width=640, height=360, target=(0.0, 0.0, 0.8))
BAND_BEHIND = CameraSpec(yaw_deg=180.0, height_m=0.9, distance_m=3.3, fov_deg=44.0, width=640, height=360, target=(0.0, 0.0, 0.8))
BAND_FAULTS = [
    SideStep("L"), SideStep("L", seconds=1.0), SideStep("L", short_m=0.09), SideStep("L", seconds=0.9), Rest(1.0),
    SideStep("R", sway_deg=16.0), SideStep("R", hop_m=0.07), SideStep("R", seconds=1.6), SideStep("R"),
]
BAND_CLEAN = [SideStep("R"), SideStep("R", seconds=0.9), SideStep("R", seconds=1.5), Rest(1.2), SideStep("L"), SideStep("L", seconds=1.0), SideStep("L")]

DYNAMIC_CLIPS += [
    ClipSpec(name="banded_walk_front_faults", script=BandedWalkScript(BAND_FAULTS, start_x_m=-0.55), camera=BAND_FRONT, body=MAN, fps=15.0, seed=69),
    ClipSpec(name="banded_walk_behind_body2", script=BandedWalkScript(BAND_CLEAN, start_x_m=0.45), camera=BAND_BEHIND, body=OLDER_WOMAN, fps=15.0, seed=70),
]
