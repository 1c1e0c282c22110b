"""The browser's copy of the shared names and numbers is generated from, and equal to, the
server's own constants."""

from __future__ import annotations

import json
import re
from typing import get_args

from valgus_pwa import contract
from valgus_pwa.analysis import landmarks, quality, report, reps
from valgus_pwa.schemas import LANDMARK_COUNT, TestName


def _embedded(text: str) -> dict:
    """The JSON object a generated file assigns."""
    return json.loads(re.search(r"= (\{.*\});\s*$", text, re.S).group(1))


def test_the_generated_files_are_what_the_contract_writes():
    contract.write()
    assert contract.MODULE_PATH.read_text() == contract.module_text()
    assert contract.SCRIPT_PATH.read_text() == contract.script_text()
    assert _embedded(contract.MODULE_PATH.read_text()) == json.loads(
        json.dumps(contract.contract())
    )
    assert _embedded(contract.SCRIPT_PATH.read_text()) == _embedded(
        contract.MODULE_PATH.read_text()
    )


def test_writing_again_changes_nothing():
    contract.write()
    before = contract.MODULE_PATH.stat().st_mtime_ns
    assert contract.write() == []
    assert contract.MODULE_PATH.stat().st_mtime_ns == before


def test_every_threshold_is_the_analysis_constant():
    thresholds = contract.contract()["THRESHOLDS"]
    sources = (quality, report, reps)
    for name, value in thresholds.items():
        owners = [module for module in sources if hasattr(module, name)]
        assert len(owners) == 1, name
        assert getattr(owners[0], name) == value, name


def test_landmarks_are_the_analysis_indices_and_unique():
    names = contract.contract()["LANDMARKS"]
    for name, index in names.items():
        if hasattr(landmarks, name):
            assert getattr(landmarks, name) == index, name
    indices = [index for name, index in names.items() if name != "COUNT"]
    assert len(set(indices)) == len(indices)
    assert all(0 <= index < LANDMARK_COUNT for index in indices)
    assert names["COUNT"] == LANDMARK_COUNT
    assert contract.contract()["LEFT_RIGHT_PAIRS"] == [list(p) for p in landmarks.LEFT_RIGHT_PAIRS]


def test_every_test_has_a_target():
    shared = contract.contract()
    assert shared["TEST_NAMES"] == list(get_args(TestName))
    assert set(shared["TARGET_REPS"]) == set(get_args(TestName))
    assert shared["TARGET_REPS"]["single_leg_squat"] >= quality.MIN_REPS
