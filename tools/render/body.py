"""The anny body: model loading, body shapes, posing and joint extraction.

A pose is given as *world rotations relative to the reference pose* for a few
named segments (see SEGMENT_BONES); every other bone follows its parent.
They are converted to anny's "local-ref" deltas (D_c = G_parent^T G_c) and
the whole batch of frames is skinned in one call per chunk.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field

import numpy as np

SEGMENT_BONES: dict[str, tuple[str, ...]] = {
    "pelvis": ("root",),
    "spine_lower": ("spine05", "spine04"),
    "spine_upper": ("spine03", "spine02", "spine01"),
    "neck": ("neck01", "neck02", "neck03"),
    "head": ("head",),
    "clavicle_L": ("clavicle.L",),
    "clavicle_R": ("clavicle.R",),
    "upperarm_L": ("upperarm01.L", "upperarm02.L"),
    "upperarm_R": ("upperarm01.R", "upperarm02.R"),
    "forearm_L": ("lowerarm01.L", "lowerarm02.L"),
    "forearm_R": ("lowerarm01.R", "lowerarm02.R"),
    "hand_L": ("wrist.L",),
    "hand_R": ("wrist.R",),
    "thigh_L": ("upperleg01.L", "upperleg02.L"),
    "thigh_R": ("upperleg01.R", "upperleg02.R"),
    "shin_L": ("lowerleg01.L", "lowerleg02.L"),
    "shin_R": ("lowerleg01.R", "lowerleg02.R"),
    "foot_L": ("foot.L",),
    "foot_R": ("foot.R",),
    "toes_L": tuple(f"toe{i}-1.L" for i in range(1, 6)),
    "toes_R": tuple(f"toe{i}-1.R" for i in range(1, 6)),
}

# Rig bone whose head is used as the joint centre (MediaPipe-style names).
RIG_JOINTS: dict[str, str] = {
    "left_shoulder": "upperarm01.L",
    "right_shoulder": "upperarm01.R",
    "left_elbow": "lowerarm01.L",
    "right_elbow": "lowerarm01.R",
    "left_wrist": "wrist.L",
    "right_wrist": "wrist.R",
    "left_hip": "upperleg01.L",
    "right_hip": "upperleg01.R",
    "left_knee": "lowerleg01.L",
    "right_knee": "lowerleg01.R",
    "left_ankle": "foot.L",
    "right_ankle": "foot.R",
}
# Surface points from anny's COCO keypoint regressor (vertex blends).
SURFACE_JOINTS: dict[str, tuple[str, ...]] = {
    "nose": ("nose",),
    "left_eye": ("left_eye",),
    "right_eye": ("right_eye",),
    "left_ear": ("left_ear",),
    "right_ear": ("right_ear",),
    "left_heel": ("left_heel",),
    "right_heel": ("right_heel",),
    "left_foot_index": ("left_big_toe", "left_small_toe"),
    "right_foot_index": ("right_big_toe", "right_small_toe"),
}
JOINT_NAMES: tuple[str, ...] = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip


@dataclass(frozen=True)
class BodySpec:
    """anny phenotype parameters, each in [0, 1].

    gender 0 = male, 1 = female; age 0.667 = young adult, 1 = old;
    muscle/weight/height/proportions 0 = min, 1 = max.
    """

    name: str = "man_average"
    gender: float = 0.1
    age: float = 0.72
    muscle: float = 0.55
    weight: float = 0.5
    height: float = 0.40  # ~1.78 m for this gender/age
    proportions: float = 0.5
    skin: tuple[float, float, float] = (0.80, 0.62, 0.50)
    shirt: tuple[float, float, float] = (0.15, 0.35, 0.65)
    shorts: tuple[float, float, float] = (0.12, 0.12, 0.14)
    hair: tuple[float, float, float] = (0.18, 0.12, 0.08)
    shoes: tuple[float, float, float] = (0.85, 0.85, 0.85)
    long_hair: bool = False

    def phenotype(self) -> dict[str, float]:
        return {
            "gender": self.gender,
            "age": self.age,
            "muscle": self.muscle,
            "weight": self.weight,
            "height": self.height,
            "proportions": self.proportions,
        }

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class PoseBatch:
    """Per-frame segment world rotations (F,3,3) and root translation (F,3)."""

    frames: int
    rotations: dict[str, np.ndarray] = field(default_factory=dict)
    root: np.ndarray | None = None

    def set(self, segment: str, rot: np.ndarray) -> None:
        if segment not in SEGMENT_BONES:
            raise KeyError(segment)
        self.rotations[segment] = np.broadcast_to(rot, (self.frames, 3, 3)).copy()

    def root_translation(self) -> np.ndarray:
        return np.zeros((self.frames, 3)) if self.root is None else self.root


@dataclass
class PosedOutput:
    vertices: np.ndarray  # (F, V, 3) float32
    joints: np.ndarray  # (F, J, 3) in JOINT_NAMES order
    bone_heads: np.ndarray  # (F, B, 3)


@functools.lru_cache(maxsize=1)
def load_model():
    """The anny model (first call may build the ~800 MB cache, ~2 minutes)."""
    import anny
    import torch

    torch.set_num_threads(1)
    model = anny.Anny(skinning_method="lbs").to(dtype=torch.float32)
    model.eval()
    return model


@functools.lru_cache(maxsize=1)
def _coco_regressor():
    import anny

    return anny.KeypointsRegressor.coco(load_model())


class AnnyBody:
    """One body shape: reference geometry plus batched posing."""

    def __init__(self, spec: BodySpec) -> None:
        self.spec = spec
        self.model = load_model()
        self.labels: list[str] = list(self.model.bone_labels)
        self.parents: list[int] = [int(p) for p in self.model.bone_parents]
        self._bone_segment = {
            bone: seg for seg, bones in SEGMENT_BONES.items() for bone in bones
        }
        ref = self._run(np.tile(np.eye(4), (1, len(self.labels), 1, 1)))
        self.ref_vertices: np.ndarray = ref.vertices[0]
        self.ref_heads: np.ndarray = ref.bone_heads[0]
        self.ref_joints: np.ndarray = ref.joints[0]
        self.faces: np.ndarray = self.model.faces.cpu().numpy().astype(np.int64)
        self.floor_z: float = float(self.ref_vertices[:, 2].min())

    # ----- reference geometry helpers -------------------------------------------------
    def head(self, bone: str) -> np.ndarray:
        return self.ref_heads[self.labels.index(bone)]

    def joint(self, name: str) -> np.ndarray:
        return self.ref_joints[JOINT_NAMES.index(name)]

    def dominant_bone(self) -> np.ndarray:
        """Per-vertex label of the bone with the largest skinning weight."""
        w = self.model.vertex_bone_weights.cpu().numpy()
        idx = self.model.vertex_bone_indices.cpu().numpy()
        return idx[np.arange(len(idx)), np.argmax(w, axis=1)]

    # ----- posing --------------------------------------------------------------------
    def deltas(self, pose: PoseBatch) -> np.ndarray:
        """local-ref delta transforms (F, B, 4, 4) for a pose batch."""
        world = self.world_rotations(pose)
        out = np.tile(np.eye(4), (pose.frames, len(self.labels), 1, 1))
        for b in range(len(self.labels)):
            parent = world[self.parents[b]] if self.parents[b] >= 0 else np.eye(3)
            out[:, b, :3, :3] = np.swapaxes(parent, -1, -2) @ world[b]
        out[:, 0, :3, 3] = pose.root_translation()
        return out

    def world_rotations(self, pose: PoseBatch) -> list[np.ndarray]:
        """World rotation (F,3,3) of every bone (driven or inherited)."""
        world: list[np.ndarray] = []
        for b, bone in enumerate(self.labels):
            seg = self._bone_segment.get(bone)
            rot = pose.rotations.get(seg) if seg else None
            if rot is None:
                parent = world[self.parents[b]] if self.parents[b] >= 0 else np.eye(3)
                rot = np.broadcast_to(parent, (pose.frames, 3, 3))
            world.append(rot)
        return world

    def fk_heads(self, pose: PoseBatch) -> np.ndarray:
        """Posed bone heads (F, B, 3) by numpy forward kinematics (no skinning)."""
        world = self.world_rotations(pose)
        heads = np.zeros((pose.frames, len(self.labels), 3))
        heads[:, 0] = pose.root_translation() + self.ref_heads[0]
        for b in range(1, len(self.labels)):
            p = self.parents[b]
            offset = self.ref_heads[b] - self.ref_heads[p]
            heads[:, b] = heads[:, p] + world[p] @ offset
        return heads

    def fk_point(self, pose: PoseBatch, bone: str, ref_point: np.ndarray) -> np.ndarray:
        """Where a reference-pose point rigidly attached to `bone` goes (F, 3)."""
        b = self.labels.index(bone)
        heads = self.fk_heads(pose)
        rot = self.world_rotations(pose)[b]
        return heads[:, b] + rot @ (np.asarray(ref_point) - self.ref_heads[b])

    def pose(self, pose: PoseBatch, chunk: int = 64) -> PosedOutput:
        deltas = self.deltas(pose)
        parts = [self._run(deltas[i : i + chunk]) for i in range(0, len(deltas), chunk)]
        return PosedOutput(
            vertices=np.concatenate([p.vertices for p in parts]),
            joints=np.concatenate([p.joints for p in parts]),
            bone_heads=np.concatenate([p.bone_heads for p in parts]),
        )

    def _run(self, deltas: np.ndarray) -> PosedOutput:
        import torch

        with torch.no_grad():
            out = self.model(
                pose_parameters=torch.as_tensor(deltas, dtype=torch.float32),
                phenotype_kwargs=self.spec.phenotype(),
            )
            coco = _coco_regressor()(out).numpy()
        verts = out["vertices"].numpy()
        heads = out["bone_poses"][..., :3, 3].numpy()
        return PosedOutput(verts, self._joints(coco, heads), heads)

    def _joints(self, coco: np.ndarray, heads: np.ndarray) -> np.ndarray:
        labels = _coco_regressor().labels
        cols = []
        for name in JOINT_NAMES:
            if name in RIG_JOINTS:
                cols.append(heads[:, self.labels.index(RIG_JOINTS[name])])
            else:
                ids = [labels.index(k) for k in SURFACE_JOINTS[name]]
                cols.append(coco[:, ids].mean(axis=1))
        return np.stack(cols, axis=1)
