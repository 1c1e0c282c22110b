"""The pose .task bundles are well-formed and the build is reproducible."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_pose_assets.py"
BUNDLES = ("pose_landmarker_lite.task", "pose_landmarker_full.task")
MEMBERS = ["pose_detector.tflite", "pose_landmarks_detector.tflite"]
# Detector input in [-1, 1], landmark model input in [0, 1].
NORMALIZATION = {
    "pose_detector.tflite": (127.5, 127.5),
    "pose_landmarks_detector.tflite": (0.0, 255.0),
}


def build(out: Path, *extra: str) -> str:
    """Run the build script into out and return its stdout."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_build_module() -> ModuleType:
    """Import scripts/build_pose_assets.py to reuse its schema loader."""
    spec = importlib.util.spec_from_file_location("build_pose_assets", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalization(model: bytes) -> tuple[float, float]:
    """(mean, std) from the model's TFLITE_METADATA buffer; fails if it is missing."""
    md, fb = load_build_module().load_schema_modules()
    root = fb.Model.GetRootAsModel(model, 0)
    entries = [root.Metadata(i) for i in range(root.MetadataLength())]
    index = next(e.Buffer() for e in entries if e.Name() == b"TFLITE_METADATA")
    meta_buf = root.Buffers(index).DataAsNumpy().tobytes()
    assert md.ModelMetadata.ModelMetadataBufferHasIdentifier(meta_buf, 0)
    meta = md.ModelMetadataT.InitFromObj(md.ModelMetadata.GetRootAsModelMetadata(meta_buf, 0))
    sub = meta.subgraphMetadata[0]
    assert len(sub.outputTensorMetadata) == root.Subgraphs(0).OutputsLength()
    norm = sub.inputTensorMetadata[0].processUnits[0].options
    return float(norm.mean[0]), float(norm.std[0])


def data_offset(path: Path, info: zipfile.ZipInfo) -> int:
    """File offset where a stored member's bytes start (after its local header)."""
    with path.open("rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len


@pytest.fixture(scope="module")
def built() -> Path:
    """The default asset folder, built (or confirmed up to date) by the script."""
    out = ROOT / "assets" / "pose"
    build(out)
    return out


@pytest.mark.parametrize("bundle", BUNDLES)
def test_bundle_is_uncompressed_zip_of_two_tflites_with_metadata(built: Path, bundle: str) -> None:
    """Each .task holds exactly the two tflites, stored, each with a TFLITE_METADATA entry."""
    with zipfile.ZipFile(built / bundle) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == MEMBERS
        for info in infos:
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            model = zf.read(info)
            assert (
                data_offset(built / bundle, info) % 4 == 0
            )  # aligned like mediapipe's own bundles
            assert model[4:8] == b"TFL3"
            expected = NORMALIZATION[info.filename]
            assert normalization(model) == pytest.approx(expected)


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    """A fresh build elsewhere gives the same sha256 for every output, and a rerun is skipped."""
    first = build(tmp_path / "pose")
    assert "built pose assets" in first
    for rel in load_build_module().output_names():
        assert sha256(tmp_path / "pose" / rel) == sha256(built / rel), rel
    assert "skipped" in build(tmp_path / "pose")


def test_compressed_copies_match_their_originals(built: Path) -> None:
    """Every .gz served in place of a WASM or model file unpacks to exactly that file."""
    for name in load_build_module().GZIPPED:
        assert (
            gzip.decompress((built / f"{name}.gz").read_bytes()) == (built / name).read_bytes()
        ), name


def test_usage_statistics_are_never_posted(built: Path) -> None:
    """The runtime's usage logger empties its batch before it could post it anywhere."""
    module = load_build_module()
    bundle = (built / "vision_bundle.mjs").read_bytes()
    assert module.USAGE_LOG_FLUSH not in bundle
    assert bundle.count(module.USAGE_LOG_DROPPED) == 1
