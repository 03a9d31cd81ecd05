"""The staged floor-exercise clips (tools/render/staging/): their truth files keep the contract the exercise
modules are written against (canonical names, partial and fault codes, per-rep sides), and each one's
`expected` block agrees with its own rep list.  No rendering, no pose model: JSON only."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

STAGING = Path(__file__).resolve().parent.parent / "tools" / "render" / "staging"
TRUTHS = sorted(STAGING.glob("*.truth.json"))

# exercise -> (partial-rep code or None, fault codes, has sides)
CONTRACT: dict[str, tuple[str | None, set[str], bool]] = {
    "side_lying_leg_raise": ("low_lift", {"pelvis_rolls_back", "leg_drifts_forward", "knee_bends"}, True),
    "clamshell": ("small_opening", {"pelvis_rolls_back", "feet_apart"}, True),
    "fire_hydrant": ("low_lift", {"trunk_tilts", "back_sags"}, True),
    "bird_dog": ("low_reach", {"hip_drops", "back_sags", "no_hold"}, True),
    "donkey_kick": ("low_kick", {"back_arches"}, True),
    "superman": ("low_lift", {"no_hold", "head_lifted"}, False),
    "hip_thrust": ("hips_low", {"over_arch", "no_hold"}, False),
    "bridge_pelvic_roll": (None, {"hips_drop"}, True),
    "glute_bridge": ("hips_low", {"no_hold", "over_arch"}, True),
    "figure_four_stretch": (None, set(), True),  # holds: no reps, their truth is in `holds`
    "pigeon_pose": (None, set(), True),
    "happy_baby": (None, set(), False),
    "hip_flexor_stretch": (None, set(), True),
    # standing exercises (tools/render/standing_clips.py)
    "lunge": ("shallow", {"torso_lean", "front_knee_past_toes"}, True),
    "chair_squat": (None, {"trunk_pitch", "dropping", "knees_cave"}, False),
    "lateral_lunge": ("shallow", {"straight_leg_bends", "trunk_forward", "knee_cave"}, True),
    "lateral_squat": (None, set(), True),
    "leg_swing_side": (None, {"fast_narrow", "trunk_swing", "waist_bend"}, True),
}


@cache
def truth(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_a_staged_clip_keeps_the_floor_exercise_contract(path):
    t = truth(path)
    assert path.with_name(f"{t['clip']}.mp4").is_file()
    partial, faults, sided = CONTRACT[t["exercise"]]
    for rep in t["reps"]:
        assert set(rep["faults"]) <= faults | {partial}, rep["index"]
        assert rep["counted"] == (partial not in rep["faults"]), rep["index"]
        assert rep.get("side") in (("left", "right") if sided else (None,)), rep["index"]


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_a_staged_clips_expected_block_matches_its_reps(path):
    t = truth(path)
    reps, expected = t["reps"], t["expected"]
    assert expected["reps"] == sum(r["counted"] for r in reps)
    assert expected["attempts"] == sum(not r["counted"] for r in reps)
    assert expected["faults"] == {
        code: [r["index"] for r in reps if code in r["faults"]] for code in {c for r in reps for c in r["faults"]}
    }
    if any(r.get("side") for r in reps):
        assert expected["reps_by_side"] == {s: sum(r["counted"] and r["side"] == s for r in reps) for s in ("left", "right")}
    assert [r["index"] for r in reps] == list(range(1, len(reps) + 1))
