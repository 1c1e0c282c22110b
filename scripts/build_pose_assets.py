#!/usr/bin/env python3
"""Build the browser pose assets (tasks-vision runtime + .task bundles) reproducibly."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import shutil
import struct
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import flatbuffers
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"
sys.path.insert(0, str(ROOT))
from scripts.wheels import wheel_member  # noqa: E402

# Only the flatbuffer schema modules are taken from this wheel; mediapipe itself is never installed.
MEDIAPIPE_PIN = "mediapipe==0.10.14"
# The schema modules are pure Python, so any build of the wheel has them: this one is on PyPI.
MEDIAPIPE_BUILD = ("--python-version", "3.11", "--platform", "manylinux_2_17_x86_64")
SCHEMA_MODULES = ("metadata_schema_py_generated", "schema_py_generated")
# pose_solution_packed_assets_loader.js: pose_detection.tflite is bytes 0..2962288 of the .data file.
DETECTOR_RANGE = (0, 2962288)
# FilesetResolver picks the SIMD or nosimd pair at runtime; the `module` variant is never loaded.
RUNTIME_FILES = (
    "vision_bundle.mjs",
    "wasm/vision_wasm_internal.js",
    "wasm/vision_wasm_internal.wasm",
    "wasm/vision_wasm_nosimd_internal.js",
    "wasm/vision_wasm_nosimd_internal.wasm",
)
# tasks-vision batches usage statistics and posts them to Google every minute. Nothing but the
# keypoints a runner chooses to send may leave the phone, so the logger's flush drops its batch.
USAGE_LOG_FLUSH = b"flush(t,e){if(this.error)"
USAGE_LOG_DROPPED = b"flush(t,e){this.i=[];if(this.error)"
# The server sends these gzipped when a browser accepts it (a .gz file beside each); Reflex's build
# compresses the scripts itself but not WASM or models. The WASM shrinks from 13.0 to 3.8 MB.
GZIPPED = (
    "wasm/vision_wasm_internal.wasm",
    "wasm/vision_wasm_nosimd_internal.wasm",
    "pose_landmarker_lite.task",
    "pose_landmarker_full.task",
)
# (output, landmark model) per variant.
BUNDLES = {
    "pose_landmarker_lite.task": "pose_landmark_lite.tflite",
    "pose_landmarker_full.task": "pose_landmark_full.tflite",
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_ALIGN = 4  # like mediapipe's AlignZipFile, so the runtime can use the tflites in place
ALIGN_EXTRA_ID = 0xD935  # zipalign's padding extra-field id; readers skip unknown ids
STAMP = ".build_stamp.json"


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_paths(node_modules: Path) -> dict[str, Path]:
    """Every file the outputs depend on, keyed by a stable name."""
    tv, pose = node_modules / "@mediapipe/tasks-vision", node_modules / "@mediapipe/pose"
    paths = {f"tasks-vision/{name}": tv / name for name in RUNTIME_FILES}
    paths["pose/pose_solution_packed_assets.data"] = pose / "pose_solution_packed_assets.data"
    for landmark in BUNDLES.values():
        paths[f"pose/{landmark}"] = pose / landmark
    paths["build_pose_assets.py"] = Path(__file__).resolve()
    return paths


def output_names() -> list[str]:
    """Relative paths of all outputs."""
    return [*RUNTIME_FILES, *BUNDLES, *(f"{name}.gz" for name in GZIPPED)]


def load_schema_modules() -> tuple[ModuleType, ModuleType]:
    """Import the generated metadata/tflite schema modules, fetching them from the mediapipe wheel once."""
    target = CACHE / "mediapipe_schema"
    if not all((target / f"{m}.py").exists() for m in SCHEMA_MODULES):
        target.mkdir(parents=True, exist_ok=True)
        for m in SCHEMA_MODULES:
            data = wheel_member(MEDIAPIPE_PIN, f"mediapipe/tasks/metadata/{m}.py", *MEDIAPIPE_BUILD)
            (target / f"{m}.py").write_bytes(data)
    mods = []
    for m in SCHEMA_MODULES:
        spec = importlib.util.spec_from_file_location(f"_pose_build_{m}", target / f"{m}.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods[0], mods[1]


def metadata_buffer(
    md: ModuleType, name: str, output_names: list[str], mean: float, std: float
) -> bytes:
    """ModelMetadata flatbuffer with RGB image input normalisation, as tasks-vision requires."""
    norm = md.NormalizationOptionsT()
    norm.mean, norm.std = [mean], [std]
    unit = md.ProcessUnitT()
    unit.optionsType, unit.options = md.ProcessUnitOptions.NormalizationOptions, norm
    props = md.ImagePropertiesT()
    props.colorSpace = md.ColorSpaceType.RGB
    content = md.ContentT()
    content.contentPropertiesType, content.contentProperties = (
        md.ContentProperties.ImageProperties,
        props,
    )
    stats = md.StatsT()
    stats.max, stats.min = [(255.0 - mean) / std], [(0.0 - mean) / std]
    image = md.TensorMetadataT()
    image.name, image.content, image.processUnits, image.stats = "image", content, [unit], stats
    outputs = []
    for out in output_names:
        t = md.TensorMetadataT()
        t.name = out
        outputs.append(t)
    sub = md.SubGraphMetadataT()
    # One tensor metadata per model tensor: metadata extractors reject count mismatches.
    sub.inputTensorMetadata, sub.outputTensorMetadata = [image], outputs
    meta = md.ModelMetadataT()
    # 1.0.0 is the parser version for these fields (what mediapipe's populator would compute).
    meta.name, meta.subgraphMetadata, meta.minParserVersion = name, [sub], "1.0.0"
    b = flatbuffers.Builder(0)
    b.Finish(meta.Pack(b), b"M001")
    return bytes(b.Output())


def with_metadata(
    md: ModuleType, fb: ModuleType, model: bytes, name: str, mean: float, std: float
) -> bytes:
    """Return the tflite with a TFLITE_METADATA buffer + metadata entry, like MetadataPopulator."""
    root = fb.Model.GetRootAsModel(model, 0)
    sub = root.Subgraphs(0)
    outs = [sub.Tensors(sub.Outputs(i)).Name().decode() for i in range(sub.OutputsLength())]
    obj = fb.ModelT.InitFromObj(root)
    buf = fb.BufferT()
    buf.data = np.frombuffer(metadata_buffer(md, name, outs, mean, std), dtype=np.uint8)
    obj.metadata = [m for m in (obj.metadata or []) if m.name != b"TFLITE_METADATA"]
    obj.buffers.append(buf)
    entry = fb.MetadataT()
    entry.name, entry.buffer = "TFLITE_METADATA", len(obj.buffers) - 1
    obj.metadata.append(entry)
    b = flatbuffers.Builder(0)
    b.Finish(obj.Pack(b), b"TFL3")
    return bytes(b.Output())


def write_bundle(path: Path, members: dict[str, bytes]) -> None:
    """Write an uncompressed zip with fixed metadata and 4-byte-aligned member data."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.create_system, info.external_attr = 3, 0o644 << 16
            data_start = zf.fp.tell() + 30 + len(name.encode())  # 30 = fixed local header size
            pad = (-(data_start + 4)) % ZIP_ALIGN
            info.extra = struct.pack("<HH", ALIGN_EXTRA_ID, pad) + b"\0" * pad
            zf.writestr(info, data)


def build(node_modules: Path, out: Path, inputs: dict[str, Path]) -> None:
    """Copy the runtime and build both .task bundles into out."""
    md, fb = load_schema_modules()
    tv = node_modules / "@mediapipe/tasks-vision"
    for rel in RUNTIME_FILES:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tv / rel, out / rel)
    bundle = out / "vision_bundle.mjs"
    source = bundle.read_bytes()
    if source.count(USAGE_LOG_FLUSH) != 1:
        sys.exit(
            "vision_bundle.mjs: the usage-statistics flush was not found once; check the tasks-vision version"
        )
    bundle.write_bytes(source.replace(USAGE_LOG_FLUSH, USAGE_LOG_DROPPED))
    start, end = DETECTOR_RANGE
    detector_raw = inputs["pose/pose_solution_packed_assets.data"].read_bytes()[start:end]
    # Detector takes [-1, 1] input, landmark model [0, 1]: the ranges the two legacy models
    # were trained on (see the README, "What the setup does").
    detector = with_metadata(md, fb, detector_raw, "pose_detector", 127.5, 127.5)
    for task, landmark in BUNDLES.items():
        landmarks = with_metadata(
            md, fb, inputs[f"pose/{landmark}"].read_bytes(), "pose_landmarks_detector", 0.0, 255.0
        )
        write_bundle(
            out / task,
            {"pose_detector.tflite": detector, "pose_landmarks_detector.tflite": landmarks},
        )
    for name in GZIPPED:
        # mtime=0 keeps the sidecars byte-identical between builds.
        (out / f"{name}.gz").write_bytes(
            gzip.compress((out / name).read_bytes(), compresslevel=9, mtime=0)
        )


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--node-modules", type=Path, default=ROOT / "tools/node_modules")
    ap.add_argument("--out", type=Path, default=ROOT / "assets/pose")
    ap.add_argument("--force", action="store_true", help="rebuild even if the stamp matches")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    inputs = input_paths(args.node_modules)
    missing = [str(p) for p in inputs.values() if not p.exists()]
    if missing:
        sys.exit(f"missing inputs (run `npm install --ignore-scripts` in tools/): {missing}")
    in_hashes = {k: sha256(p) for k, p in sorted(inputs.items())}
    stamp_path = args.out / STAMP
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    outputs = output_names()
    up_to_date = (
        not args.force
        and stamp.get("inputs") == in_hashes
        and all((args.out / o).exists() for o in outputs)
    )
    out_hashes = {o: sha256(args.out / o) for o in outputs} if up_to_date else {}
    if up_to_date and out_hashes == stamp.get("outputs"):
        print(f"pose assets up to date in {args.out} (stamp matches), skipped build")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        build(args.node_modules, args.out, inputs)
        out_hashes = {o: sha256(args.out / o) for o in outputs}
        stamp_path.write_text(
            json.dumps({"inputs": in_hashes, "outputs": out_hashes}, indent=1) + "\n"
        )
        print(f"built pose assets into {args.out}")
    for o, h in out_hashes.items():
        print(f"{h}  {o}")
    print(f"({time.monotonic() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
