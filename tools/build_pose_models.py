#!/usr/bin/env python3
"""Build MediaPipe PoseLandmarker `.task` bundles from the @mediapipe/pose npm package.

mediapipe 1.2.2 ships no pose model and nothing may download one at run time, so
the bundles are assembled here, reproducibly, from files in a registry package:

1. take the raw TFLite models out of the npm tarball and check their sha256;
2. attach the minimal TFLite metadata the Tasks API insists on (an RGB image
   input with NormalizationOptions) and 16-byte align the weight buffers;
3. store both models in an uncompressed, aligned zip with fixed timestamps and
   order, so every run produces identical bytes.

Usage:
    python tools/build_pose_models.py [--variants lite full heavy]
                                      [--npm-tarball PATH] [--out models/]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import flatbuffers
import numpy as np
from mediapipe.tasks.metadata import metadata_schema_py_generated as metadata_fb
from mediapipe.tasks.metadata import schema_py_generated as tflite_fb

NPM_PACKAGE_SPEC = "@mediapipe/pose@0.5.1675469404"

# The detector is not shipped as its own file: pose_solution_packed_assets_loader.js
# maps /third_party/mediapipe/modules/pose_detection/pose_detection.tflite to
# bytes [0, 2962288) of the packed assets file.
DETECTOR_MEMBER = "package/pose_solution_packed_assets.data"
DETECTOR_OFFSET = 0
DETECTOR_SIZE = 2_962_288
DETECTOR_SHA256 = "a63c614bef30d35947f13be361820b1e4e3bec9cfeebf4d11216a18373108e85"

LANDMARK_MEMBERS: dict[str, str] = {
    "lite": "package/pose_landmark_lite.tflite",
    "full": "package/pose_landmark_full.tflite",
    "heavy": "package/pose_landmark_heavy.tflite",
}
LANDMARK_SHA256: dict[str, str] = {
    "lite": "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61",
    "full": "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
    "heavy": "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe",
}
DEFAULT_VARIANTS = ("lite", "full")

# Entry names the PoseLandmarker graph looks up inside the bundle, in write order.
DETECTOR_ENTRY = "pose_detector.tflite"
LANDMARKS_ENTRY = "pose_landmarks_detector.tflite"

TFLITE_FILE_IDENTIFIER = b"TFL3"
METADATA_FILE_IDENTIFIER = b"M001"
METADATA_FIELD_NAME = b"TFLITE_METADATA"
# Only fields from metadata schema 1.0.0 are used (no tensor groups, content
# ranges, custom metadata...), so that is the minimum parser version.
METADATA_MIN_PARSER_VERSION = "1.0.0"

# TFLite's schema declares `Buffer.data` as `force_align: 16`, but the generated
# Python packer ignores that; unaligned weights make TFLite copy them at load
# time ("has an unaligned buffer ... copying to an aligned heap buffer").
TFLITE_BUFFER_ALIGNMENT = 16

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o100644
ZIP_CREATE_SYSTEM_UNIX = 3
# MediaPipe reads stored entries in place, so each model must also start at an
# aligned offset in the bundle. Padding goes into a zipalign-style extra field.
ZIP_ENTRY_ALIGNMENT = TFLITE_BUFFER_ALIGNMENT
ZIPALIGN_EXTRA_ID = 0xD935
ZIP_LOCAL_HEADER_SIZE = 30


@dataclass(frozen=True)
class ImageInputSpec:
    """How an RGB uint8 image maps onto a model's float input tensor."""

    mean: float
    std: float
    min_value: float
    max_value: float


@dataclass(frozen=True)
class ModelDescription:
    name: str
    input_name: str
    input_spec: ImageInputSpec
    # One name per model output, in the model's output order.
    output_names: tuple[str, ...]


DETECTOR_DESCRIPTION = ModelDescription(
    name="pose_detector",
    input_name="image",
    input_spec=ImageInputSpec(mean=127.5, std=127.5, min_value=-1.0, max_value=1.0),
    output_names=("raw_boxes", "raw_scores"),
)
LANDMARKS_DESCRIPTION = ModelDescription(
    name="pose_landmarks_detector",
    input_name="image",
    input_spec=ImageInputSpec(mean=0.0, std=255.0, min_value=0.0, max_value=1.0),
    output_names=(
        "landmarks",
        "pose_presence",
        "segmentation_mask",
        "heatmap",
        "world_landmarks",
    ),
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify_sha256(label: str, data: bytes, expected: str) -> None:
    actual = sha256_hex(data)
    if actual != expected:
        raise ValueError(f"{label}: sha256 {actual} != expected {expected}")


def fetch_npm_tarball(destination: Path) -> Path:
    """Run `npm pack` into `destination` and return the tarball path."""
    completed = subprocess.run(
        ["npm", "pack", NPM_PACKAGE_SPEC, "--silent"],
        cwd=destination,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball_name = completed.stdout.strip().splitlines()[-1]
    return destination / tarball_name


def read_tarball_members(tarball: Path, members: list[str]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in members:
            extracted = archive.extractfile(member)
            if extracted is None:
                raise ValueError(f"{tarball}: {member} is not a regular file")
            contents[member] = extracted.read()
    return contents


def load_source_models(tarball: Path, variants: list[str]) -> tuple[bytes, dict[str, bytes]]:
    """Return the verified raw detector and the raw landmark model per variant."""
    members = [DETECTOR_MEMBER] + [LANDMARK_MEMBERS[v] for v in variants]
    contents = read_tarball_members(tarball, members)

    detector = contents[DETECTOR_MEMBER][DETECTOR_OFFSET : DETECTOR_OFFSET + DETECTOR_SIZE]
    verify_sha256("pose detector", detector, DETECTOR_SHA256)

    landmark_models: dict[str, bytes] = {}
    for variant in variants:
        model = contents[LANDMARK_MEMBERS[variant]]
        verify_sha256(f"pose landmark {variant}", model, LANDMARK_SHA256[variant])
        landmark_models[variant] = model
    return detector, landmark_models


def build_image_input_metadata(name: str, spec: ImageInputSpec) -> metadata_fb.TensorMetadataT:
    image_properties = metadata_fb.ImagePropertiesT()
    image_properties.colorSpace = metadata_fb.ColorSpaceType.RGB

    content = metadata_fb.ContentT()
    content.contentPropertiesType = metadata_fb.ContentProperties.ImageProperties
    content.contentProperties = image_properties

    normalization = metadata_fb.NormalizationOptionsT()
    normalization.mean = [spec.mean]
    normalization.std = [spec.std]
    process_unit = metadata_fb.ProcessUnitT()
    process_unit.optionsType = metadata_fb.ProcessUnitOptions.NormalizationOptions
    process_unit.options = normalization

    stats = metadata_fb.StatsT()
    stats.min = [spec.min_value]
    stats.max = [spec.max_value]

    tensor = metadata_fb.TensorMetadataT()
    tensor.name = name
    tensor.content = content
    tensor.processUnits = [process_unit]
    tensor.stats = stats
    return tensor


def build_named_tensor_metadata(name: str) -> metadata_fb.TensorMetadataT:
    tensor = metadata_fb.TensorMetadataT()
    tensor.name = name
    return tensor


def build_model_metadata(description: ModelDescription) -> bytes:
    """Serialize a ModelMetadata flatbuffer for a single-image-input model.

    Output tensors get name-only entries: the Tasks graphs configure output
    decoding themselves, but the metadata convention (enforced by the official
    MetadataPopulator) is one TensorMetadata per model output.
    """
    subgraph = metadata_fb.SubGraphMetadataT()
    subgraph.inputTensorMetadata = [
        build_image_input_metadata(description.input_name, description.input_spec)
    ]
    subgraph.outputTensorMetadata = [
        build_named_tensor_metadata(name) for name in description.output_names
    ]

    model_metadata = metadata_fb.ModelMetadataT()
    model_metadata.name = description.name
    model_metadata.subgraphMetadata = [subgraph]
    model_metadata.minParserVersion = METADATA_MIN_PARSER_VERSION

    builder = flatbuffers.Builder(0)
    builder.Finish(model_metadata.Pack(builder), METADATA_FILE_IDENTIFIER)
    return bytes(builder.Output())


def check_tensor_counts(model: tflite_fb.ModelT, description: ModelDescription) -> None:
    if len(model.subgraphs) != 1:
        raise ValueError(f"{description.name}: expected 1 subgraph, got {len(model.subgraphs)}")
    subgraph = model.subgraphs[0]
    if len(subgraph.inputs) != 1 or len(subgraph.outputs) != len(description.output_names):
        raise ValueError(
            f"{description.name}: model has {len(subgraph.inputs)} inputs / "
            f"{len(subgraph.outputs)} outputs, metadata describes 1 / "
            f"{len(description.output_names)}"
        )


class AlignedBufferT(tflite_fb.BufferT):
    """A `BufferT` that packs its data honouring the schema's `force_align: 16`."""

    def Pack(self, builder: flatbuffers.Builder) -> int:  # noqa: N802 (generated API name)
        if self.data is not None:
            # Pad so the data that follows starts aligned; the generated Pack then
            # only needs 4-byte alignment, which this already satisfies.
            builder.Prep(TFLITE_BUFFER_ALIGNMENT, len(self.data))
        return super().Pack(builder)


def aligned_buffer(data: np.ndarray | None, offset: int = 0, size: int = 0) -> AlignedBufferT:
    return AlignedBufferT(data=data, offset=offset, size=size)


def attach_metadata(model_bytes: bytes, description: ModelDescription) -> bytes:
    """Return the model with TFLITE_METADATA set, the way MetadataPopulator does it:
    the metadata flatbuffer becomes a model buffer referenced from `model.metadata`."""
    if not tflite_fb.Model.ModelBufferHasIdentifier(model_bytes, 0):
        raise ValueError(f"{description.name}: not a TFLite flatbuffer")
    model = tflite_fb.ModelT.InitFromObj(tflite_fb.Model.GetRootAsModel(model_bytes, 0))
    check_tensor_counts(model, description)

    model.buffers = [aligned_buffer(b.data, b.offset, b.size) for b in model.buffers or []]
    metadata_buffer = aligned_buffer(np.frombuffer(build_model_metadata(description), np.uint8))

    model.metadata = model.metadata or []
    existing = [m for m in model.metadata if m.name == METADATA_FIELD_NAME]
    if existing:
        model.buffers[existing[0].buffer] = metadata_buffer
    else:
        model.buffers.append(metadata_buffer)
        entry = tflite_fb.MetadataT()
        entry.name = METADATA_FIELD_NAME
        entry.buffer = len(model.buffers) - 1
        model.metadata.append(entry)

    builder = flatbuffers.Builder(0)
    builder.Finish(model.Pack(builder), TFLITE_FILE_IDENTIFIER)
    return bytes(builder.Output())


def alignment_extra_field(header_offset: int, name: str) -> bytes:
    """Zip extra field that pads the entry's data to ZIP_ENTRY_ALIGNMENT."""
    field_prefix = struct.calcsize("<HHH")
    data_offset = header_offset + ZIP_LOCAL_HEADER_SIZE + len(name.encode()) + field_prefix
    padding = -data_offset % ZIP_ENTRY_ALIGNMENT
    return struct.pack("<HHH", ZIPALIGN_EXTRA_ID, 2 + padding, ZIP_ENTRY_ALIGNMENT) + bytes(
        padding
    )


def build_task_bundle(entries: list[tuple[str, bytes]]) -> bytes:
    """Zip `entries` uncompressed (the Tasks API rejects deflated bundles) with
    fixed timestamps and attributes so the output is byte-identical every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = ZIP_CREATE_SYSTEM_UNIX
            info.external_attr = ZIP_FILE_MODE << 16
            info.extra = alignment_extra_field(buffer.tell(), name)
            bundle.writestr(info, data)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def build_bundles(tarball: Path, variants: list[str], out_dir: Path) -> dict[Path, bytes]:
    raw_detector, raw_landmark_models = load_source_models(tarball, variants)
    detector = attach_metadata(raw_detector, DETECTOR_DESCRIPTION)

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bytes] = {}
    for variant in variants:
        landmarks = attach_metadata(raw_landmark_models[variant], LANDMARKS_DESCRIPTION)
        bundle = build_task_bundle([(DETECTOR_ENTRY, detector), (LANDMARKS_ENTRY, landmarks)])
        path = out_dir / f"pose_landmarker_{variant}.task"
        write_atomically(path, bundle)
        written[path] = bundle
    return written


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=sorted(LANDMARK_MEMBERS),
        default=list(DEFAULT_VARIANTS),
        help="landmark model variants to build (default: lite full)",
    )
    parser.add_argument(
        "--npm-tarball",
        type=Path,
        help=f"already downloaded `npm pack {NPM_PACKAGE_SPEC}` tarball "
        "(default: run npm pack into a temporary directory)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "models",
        help="output directory (default: models/ in the repository)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    variants = list(dict.fromkeys(args.variants))

    if args.npm_tarball is not None:
        written = build_bundles(args.npm_tarball, variants, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="posecoach-npm-") as download_dir:
            tarball = fetch_npm_tarball(Path(download_dir))
            written = build_bundles(tarball, variants, args.out)

    for path, data in written.items():
        print(f"{sha256_hex(data)}  {len(data):>10}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
