"""The store's side of idempotent uploads: one row per key, and no usable owner key at rest."""

import hashlib

import sqlalchemy as sa

from tests.synthetic import assessment
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.schemas import AssessmentIn
from valgus_pwa.store import Upload, get_store
from valgus_pwa.store.schema import assessments_table

KEY = "4f9d0a4e-7c1b-4b8e-9d7e-2f1c3a5b6d7e"


def _upload() -> tuple[AssessmentIn, Upload]:
    parsed = AssessmentIn.model_validate(assessment())
    return parsed, Upload(body_gz=b"\x1f\x8b", sha256=hashlib.sha256(b"body").hexdigest())


def test_a_twin_insert_with_the_same_key_returns_the_first():
    parsed, upload = _upload()
    report = analyse_assessment(parsed)
    first = get_store().create(parsed, report, upload, KEY)
    # The twin skipped the lookup (it ran at the same moment) and meets the unique index instead.
    twin = get_store().create(parsed, report, upload, KEY)
    assert twin == first
    assert get_store().count() == 1


def test_the_database_never_holds_the_owner_key():
    parsed, upload = _upload()
    created = get_store().create(parsed, analyse_assessment(parsed), upload, KEY)
    with get_store().engine.connect() as connection:
        row = connection.execute(sa.select(assessments_table)).mappings().one()
    stored = " ".join(map(repr, row.values()))
    assert created.owner_key not in stored and KEY not in stored
    assert row["owner_key_hash"] == hashlib.sha256(created.owner_key.encode()).hexdigest()
