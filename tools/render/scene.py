"""Offscreen pyrender scene: a room (textured floor, two walls), lights and the body.

pyrender allows only ONE OffscreenRenderer per process under EGL, so the
renderer is created once (get_renderer) and resized per clip.
"""

from __future__ import annotations

import functools
import itertools
import os
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

from .body import AnnyBody  # noqa: E402
from .camera import CameraSpec  # noqa: E402

REGIONS = ("skin", "shirt", "shorts", "shoes", "hair")


@dataclass(frozen=True)
class RoomSpec:
    floor_rgb: tuple[float, float, float] = (0.55, 0.42, 0.30)
    wall_rgb: tuple[float, float, float] = (0.86, 0.85, 0.80)
    mat_rgb: tuple[float, float, float] | None = None  # exercise mat under the person
    mat_center_y: float = -0.45
    mat_along_x: bool = False  # the mat's long side along X (a body lying across the camera's view from the front)
    bench: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None  # (min corner, max corner), m
    bench_rgb: tuple[float, float, float] = (0.20, 0.20, 0.22)
    seed: int = 0


@functools.lru_cache(maxsize=1)
def get_renderer():
    import pyrender

    return pyrender.OffscreenRenderer(640, 480)


def region_of_vertices(body: AnnyBody) -> np.ndarray:
    """Per-vertex region index into REGIONS, from the dominant skinning bone."""
    labels = body.labels
    dom = np.array([labels[i] for i in body.dominant_bone()])
    v = body.ref_vertices
    region = np.zeros(len(v), dtype=np.int64)
    shirt = ("spine0", "clavicle", "shoulder01", "upperarm01", "pelvis_never")
    shorts = ("root", "pelvis", "upperleg01", "upperleg02")
    for i, name in enumerate(dom):
        if name.startswith(("foot", "toe")):
            region[i] = 3
        elif name.startswith(shorts):
            region[i] = 2
        elif name.startswith(shirt):
            region[i] = 1
    # shorts end above the knee, the shirt covers the belly down to the hips
    knee_z = body.head("lowerleg01.L")[2]
    hip_z = body.head("upperleg01.L")[2]
    thigh = (region == 2) & (v[:, 2] < knee_z + 0.40 * (hip_z - knee_z))
    region[thigh] = 0
    torso = (region == 1) | (region == 2)
    region[torso & (v[:, 2] > hip_z + 0.08) & (np.abs(v[:, 0]) < 0.2)] = 1
    region[torso & (v[:, 2] <= hip_z + 0.08)] = 2
    # shoes: everything below the ankle bone + a little
    ankle_z = body.head("foot.L")[2]
    region[(v[:, 2] < ankle_z + 0.03) & (np.abs(v[:, 0]) > 0.03)] = 3
    region[_hair_mask(body)] = 4
    return region


def _hair_mask(body: AnnyBody) -> np.ndarray:
    v = body.ref_vertices
    eye_z = (body.joint("left_eye")[2] + body.joint("right_eye")[2]) / 2
    ear_y = body.joint("left_ear")[1]
    nose = body.joint("nose")
    head_bone = body.head("head")
    near_head = v[:, 2] > head_bone[2] - 0.02
    top = v[:, 2] > eye_z + 0.035
    back = (v[:, 1] > ear_y + 0.01) & (v[:, 2] > eye_z - 0.05)
    hair = near_head & (top | back)
    if body.spec.long_hair:
        neck_back = (v[:, 1] > ear_y - 0.005) & (v[:, 2] > nose[2] - 0.14)
        hair |= neck_back & (np.abs(v[:, 0]) < 0.11)
    return hair


def _checker_texture(rgb: tuple[float, float, float], seed: int, planks: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    size = 512
    base = np.asarray(rgb) * 255
    img = np.tile(base, (size, size, 1))
    yy, xx = np.mgrid[0:size, 0:size]
    if planks:
        rows = 8
        row = yy // (size // rows)
        offset = rng.integers(0, size, rows)
        col = ((xx + offset[row]) // (size // 2)) % 2
        shade = rng.uniform(0.82, 1.12, (rows, 2))[row, col]
        grain = 0.05 * np.sin(xx / 3.0 + rng.uniform(0, 6, rows)[row]) + 0.03 * rng.standard_normal((size, size))
        img = img * (shade + grain)[..., None]
        seam = (yy % (size // rows) < 2) | (((xx + offset[row]) % (size // 2)) < 2)
        img[seam] *= 0.55
    else:
        img = img * (1 + 0.02 * rng.standard_normal((size, size)))[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


def _textured_quad(corners: np.ndarray, uv_scale: tuple[float, float], image: np.ndarray, material_kwargs: dict):
    import pyrender
    import trimesh

    uv = np.array([[0, 0], [uv_scale[0], 0], [uv_scale[0], uv_scale[1]], [0, uv_scale[1]]], dtype=np.float64)
    faces = np.array([[0, 1, 2], [0, 2, 3]])
    mesh = trimesh.Trimesh(vertices=corners, faces=faces, process=False)
    tex = pyrender.Texture(source=image, source_channels="RGB", sampler=pyrender.Sampler(wrapS=10497, wrapT=10497))
    mat = pyrender.MetallicRoughnessMaterial(baseColorTexture=tex, metallicFactor=0.0, doubleSided=True, **material_kwargs)
    normal = mesh.face_normals[0]
    if np.dot(normal, np.array([0.0, 0.0, 1.0]) - corners.mean(axis=0)) < 0:
        normal = -normal  # face the room's centre
    prim = pyrender.Primitive(
        positions=mesh.vertices, normals=np.tile(normal, (4, 1)), texcoord_0=uv,
        indices=faces, material=mat,
    )
    return pyrender.Mesh(primitives=[prim])


def build_room(scene, room: RoomSpec) -> None:
    """Floor (z=0) 10x10 m, back wall at y=+3.5 and side walls at x=+-4."""
    floor_img = _checker_texture(room.floor_rgb, room.seed, planks=True)
    wall_img = _checker_texture(room.wall_rgb, room.seed + 1, planks=False)
    s = 5.0
    floor = np.array([[-s, -s, 0], [s, -s, 0], [s, s, 0], [-s, s, 0]], dtype=np.float64)
    scene.add(_textured_quad(floor, (5, 5), floor_img, {"roughnessFactor": 0.7}))
    h = 3.0
    walls = [
        np.array([[-s, 3.5, 0], [-s, 3.5, h], [s, 3.5, h], [s, 3.5, 0]]),  # behind (+Y)
        np.array([[-4, -s, 0], [-4, -s, h], [-4, s, h], [-4, s, 0]]),
        np.array([[4, s, 0], [4, s, h], [4, -s, h], [4, -s, 0]]),
        np.array([[-s, -3.5, 0], [s, -3.5, 0], [s, -3.5, h], [-s, -3.5, h]]),
    ]
    for w in walls:
        scene.add(_textured_quad(w.astype(np.float64), (2, 1), wall_img, {"roughnessFactor": 0.9}))
    if room.mat_rgb is not None:
        import pyrender
        import trimesh

        box = trimesh.creation.box(extents=(1.8, 0.62, 0.006) if room.mat_along_x else (0.62, 1.8, 0.006))
        box.apply_translation((0.0, room.mat_center_y, 0.003))
        mat = pyrender.MetallicRoughnessMaterial(baseColorFactor=(*room.mat_rgb, 1.0), metallicFactor=0.0, roughnessFactor=0.9)
        scene.add(pyrender.Mesh.from_trimesh(box, material=mat, smooth=False))
    if room.bench is not None:
        import pyrender
        import trimesh

        lo, hi = np.asarray(room.bench[0]), np.asarray(room.bench[1])
        box = trimesh.creation.box(extents=hi - lo)
        box.apply_translation((lo + hi) / 2)
        mat = pyrender.MetallicRoughnessMaterial(baseColorFactor=(*room.bench_rgb, 1.0), metallicFactor=0.0, roughnessFactor=0.6)
        scene.add(pyrender.Mesh.from_trimesh(box, material=mat, smooth=False))


def add_lights(scene, camera: CameraSpec) -> None:
    import pyrender

    key = np.eye(4)
    key[:3, :3] = _look_rotation(np.array([1.5, -2.0, 3.0]), np.zeros(3))
    scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=3.2), pose=key)
    fill = np.eye(4)
    fill[:3, :3] = _look_rotation(camera.position() + np.array([0.0, 0.0, 1.0]), np.asarray(camera.target))
    scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=1.6), pose=fill)
    top = np.eye(4)
    top[:3, 3] = (0.0, 0.0, 2.8)
    scene.add(pyrender.PointLight(color=np.ones(3), intensity=8.0), pose=top)


def _look_rotation(eye: np.ndarray, target: np.ndarray) -> np.ndarray:
    fwd = target - eye
    fwd /= np.linalg.norm(fwd)
    right = np.cross(fwd, [0, 0, 1.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, fwd)
    return np.stack([right, up, -fwd], axis=1)


@functools.lru_cache(maxsize=1)
def _ordered_scene_class():
    """pyrender.Scene whose node collections iterate in insertion order.

    pyrender keeps mesh and light nodes in plain sets, so their iteration order
    follows object addresses and changes from run to run.  The renderer walks
    those sets to fill the shader's light arrays (the float sum order of the two
    directional lights flips pixel values by 1) and to order draw calls with equal
    depth keys.  Sorting by insertion order makes every frame bit-exact across
    runs, which the byte-identical `build` relies on.
    """
    import pyrender

    class OrderedScene(pyrender.Scene):
        def __init__(self, *args, **kwargs) -> None:
            self._insertion: dict = {}
            self._counter = itertools.count()
            super().__init__(*args, **kwargs)

        def add_node(self, node, parent_node=None):
            if node not in self._insertion:
                self._insertion[node] = next(self._counter)
            return super().add_node(node, parent_node=parent_node)

        def _remove_node(self, node):
            super()._remove_node(node)
            self._insertion.pop(node, None)  # the body node is replaced every frame

        def _ordered(self, nodes) -> list:
            return sorted(nodes, key=lambda n: self._insertion.get(n, -1))

        @property
        def mesh_nodes(self):
            return self._ordered(self._mesh_nodes)

        @property
        def point_light_nodes(self):
            return self._ordered(self._point_light_nodes)

        @property
        def spot_light_nodes(self):
            return self._ordered(self._spot_light_nodes)

        @property
        def directional_light_nodes(self):
            return self._ordered(self._directional_light_nodes)

        @property
        def light_nodes(self):
            return self._ordered(self._point_light_nodes | self._spot_light_nodes | self._directional_light_nodes)

    return OrderedScene


class BodyRenderer:
    """Renders the posed body (split into materials by region) in the room."""

    def __init__(self, body: AnnyBody | None, camera: CameraSpec, room: RoomSpec) -> None:
        import pyrender

        self.camera = camera
        self.scene = _ordered_scene_class()(bg_color=(0.7, 0.75, 0.8, 1.0), ambient_light=(0.28, 0.28, 0.28))
        build_room(self.scene, room)
        add_lights(self.scene, camera)
        cam = pyrender.PerspectiveCamera(yfov=np.radians(camera.fov_deg), aspectRatio=camera.width / camera.height, znear=0.05, zfar=30.0)
        self.scene.add(cam, pose=camera.pose_matrix())
        self.renderer = get_renderer()
        self.renderer.viewport_width = camera.width
        self.renderer.viewport_height = camera.height
        self.body = body
        self._node = None
        if body is not None:
            self._parts = self._split(body)

    def _split(self, body: AnnyBody) -> list[tuple[np.ndarray, np.ndarray, object]]:
        import pyrender

        region = region_of_vertices(body)
        face_region = np.array([np.bincount(region[f], minlength=len(REGIONS)).argmax() for f in body.faces])
        colours = {"skin": body.spec.skin, "shirt": body.spec.shirt, "shorts": body.spec.shorts, "shoes": body.spec.shoes, "hair": body.spec.hair}
        rough = {"skin": 0.6, "shirt": 0.85, "shorts": 0.85, "shoes": 0.7, "hair": 0.9}
        parts = []
        for r, name in enumerate(REGIONS):
            faces = body.faces[face_region == r]
            if len(faces) == 0:
                continue
            used = np.unique(faces)
            remap = np.full(len(region), -1)
            remap[used] = np.arange(len(used))
            mat = pyrender.MetallicRoughnessMaterial(baseColorFactor=(*colours[name], 1.0), metallicFactor=0.0, roughnessFactor=rough[name])
            parts.append((used, remap[faces], mat))
        return parts

    def render(self, vertices: np.ndarray | None) -> np.ndarray:
        """One RGB frame (H, W, 3) uint8 for body vertices (V, 3) in world metres."""
        import pyrender

        if self._node is not None:
            self.scene.remove_node(self._node)
            self._node = None
        if vertices is not None and self.body is not None:
            normals = vertex_normals(vertices, self.body.faces)
            prims = [
                pyrender.Primitive(positions=vertices[used], normals=normals[used], indices=faces, material=mat)
                for used, faces, mat in self._parts
            ]
            self._node = self.scene.add(pyrender.Mesh(primitives=prims))
        color, _ = self.renderer.render(self.scene)
        return color

    def close(self) -> None:
        if self._node is not None:
            self.scene.remove_node(self._node)


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    tri = vertices[faces]
    fn = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    vn = np.zeros_like(vertices)
    for k in range(3):
        np.add.at(vn, faces[:, k], fn)
    return vn / (np.linalg.norm(vn, axis=1, keepdims=True) + 1e-12)
