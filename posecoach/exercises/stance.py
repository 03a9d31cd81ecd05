"""Readings of a standing body's legs, shared by the standing exercise modules (lunges, squats to a chair, ...).

Heights are in standing leg lengths (the longest hip-knee-ankle seen lately), measured from the foot on the floor.
"""

from __future__ import annotations

import math

from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import point

NAN = float("nan")
#: A straight leg cannot hold the hips lower than this share of its length above the foot (it would be lying
#: almost flat); the stance height is not read past it.
MIN_STRAIGHT_LEG_HEIGHT = 0.5


def floor_foot(m: BodyMeasures) -> Side | None:
    """The leg whose ankle is lowest in the image: the foot on the floor (the back foot stands on its toes, a
    lifted foot is off the floor)."""
    seen = {side: float(point(m, "ankle", side)[1]) for side in Side}
    seen = {side: y for side, y in seen.items() if y == y}
    return max(seen, key=seen.get) if seen else None


def ahead(m: BodyMeasures) -> dict[Side, float]:
    """How far each ankle is along the way the person faces, in leg lengths (NaN when it cannot be told: facing
    the camera, or facing unknown)."""
    if m.view not in (View.SIDE, View.OBLIQUE) or m.facing != m.facing or not m.leg_length_px > 0:
        return {side: NAN for side in Side}
    return {side: float(point(m, "ankle", side)[0]) * m.facing / m.leg_length_px for side in Side}


def front_foot(m: BodyMeasures) -> Side | None:
    """The foot further along the way the person faces (side-on or at an angle); from the front or behind, where
    the feet line up with the camera, the foot on the floor."""
    lead = ahead(m)
    if any(math.isnan(x) for x in lead.values()):
        return floor_foot(m)
    return max(lead, key=lead.get)


def _hips_from(m: BodyMeasures, foot: Side | None) -> tuple[float, float]:
    """(horizontal, vertical) offset of the hips' midpoint from ``foot``'s ankle, in leg lengths."""
    unit = m.leg_length_px
    if foot is None or not unit > 0:
        return NAN, NAN
    hips = (point(m, "hip", Side.LEFT) + point(m, "hip", Side.RIGHT)) / 2
    ankle = point(m, "ankle", foot)
    return float(abs(hips[0] - ankle[0]) / unit), float((ankle[1] - hips[1]) / unit)


def hip_height(m: BodyMeasures) -> float:
    """Hips above the floor foot's ankle, in leg lengths: ~1 standing tall, ~0.5 with that thigh level."""
    return _hips_from(m, floor_foot(m))[1]


def stance_height(m: BodyMeasures) -> float:
    """Hips above the front foot, over the height a straight leg from it would hold them at their horizontal
    offset from it: 1 at the top of any stance, feet together or split (the front leg straight with the feet
    apart, where the hips stand lower than standing tall), less as that knee bends (~0.6 with the thigh level).

    Seen from the front the offset is along the line of sight and this reads as ``hip_height``."""
    across, up = _hips_from(m, front_foot(m))
    straight_leg = math.sqrt(max(1.0 - across * across, MIN_STRAIGHT_LEG_HEIGHT**2))
    return up / straight_leg


def knee_above_floor(m: BodyMeasures, side: Side) -> float:
    """A knee's height above the floor foot's ankle, in leg lengths."""
    foot, unit = floor_foot(m), m.leg_length_px
    if foot is None or not unit > 0:
        return NAN
    return float((point(m, "ankle", foot)[1] - point(m, "knee", side)[1]) / unit)


def shoulder_height(m: BodyMeasures) -> float:
    """The shoulders' midpoint above the ankles' (either, if one is hidden), in leg lengths: ~1.55-1.65 standing
    (hips ~1 plus a torso of ~0.55-0.65), ~1.0-1.1 seated on a chair. Needs no hip: a chair may hide them."""
    shoulders = (point(m, "shoulder", Side.LEFT) + point(m, "shoulder", Side.RIGHT)) / 2
    ankles = [float(point(m, "ankle", side)[1]) for side in Side]
    ankles = [y for y in ankles if y == y]
    if not ankles or not m.leg_length_px > 0:
        return NAN
    return float((sum(ankles) / len(ankles) - shoulders[1]) / m.leg_length_px)


def leg_reach(m: BodyMeasures, side: Side) -> float:
    """A leg's hip-to-ankle distance in the image, in leg lengths: ~1 straight, ~0.7 with the knee at 90 deg (seen
    with the leg across the image: from the front for a sideways lunge, side-on for a forward one)."""
    if not m.leg_length_px > 0:
        return NAN
    return float(math.dist(point(m, "hip", side), point(m, "ankle", side)) / m.leg_length_px)


def bent_leg(m: BodyMeasures) -> Side | None:
    """The leg with the shorter reach: the one bent."""
    reach = {side: leg_reach(m, side) for side in Side}
    if any(math.isnan(r) for r in reach.values()):
        return None
    return min(reach, key=reach.get)


def torso_share(m: BodyMeasures) -> float:
    """The torso's image length over the longest seen lately: ~1 upright, cos(lean) leaning toward or away from
    the camera (0.7 at ~45 deg), so a forward bend shows from the front."""
    shoulders = (point(m, "shoulder", Side.LEFT) + point(m, "shoulder", Side.RIGHT)) / 2
    hips = (point(m, "hip", Side.LEFT) + point(m, "hip", Side.RIGHT)) / 2
    return float(math.dist(shoulders, hips) / m.torso_length_px) if m.torso_length_px > 0 else NAN


def ankle_rise(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the near ankle has risen since ``start`` (the heels leaving the floor), in the leg lengths of the
    start, standing: the remembered leg length fades while the legs are bent (it follows a person walking away),
    which would inflate the rise."""
    return (start.near.ankle_y_px - now.near.ankle_y_px) / start.leg_length_px
