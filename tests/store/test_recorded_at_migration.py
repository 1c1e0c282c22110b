"""Migration 0004 adds recorded_at: rows stored before it keep their data and read as unknown."""

import datetime as dt
import gzip
import json

import sqlalchemy as sa
from alembic import command

from tests.synthetic import assessment, squat_trial
from valgus_pwa.schemas import AssessmentIn, Report
from valgus_pwa.store import Upload, get_store
from valgus_pwa.store.schema import alembic_config

OLD_ID = "D" * 22


def _insert_at_0003(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        connection.execute(
            sa.text(
                "INSERT INTO assessments (id, owner_key_hash, created_at, expires_at, report,"
                " upload_gz) VALUES (:id, :hash, :now, :later, :report, :upload)"
            ),
            {
                "id": OLD_ID,
                "hash": "0" * 64,
                "now": dt.datetime.now(dt.UTC),
                "later": dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
                "report": json.dumps({"analysis_version": "x", "trials": []}),
                "upload": gzip.compress(json.dumps(assessment()).encode()),
            },
        )
    engine.dispose()


def test_rows_from_before_0004_read_with_no_capture_time(empty_database_url):
    _insert_at_0003(empty_database_url)
    store = get_store()
    old = store.get(OLD_ID)
    assert old is not None and old.recorded_at is None
    assert store.get_trials(OLD_ID) == assessment()["trials"]


def test_a_capture_time_is_kept_as_an_instant_and_survives_a_downgrade(empty_database_url):
    recorded = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    body = {**assessment(squat_trial(reps=1)), "recorded_at": dt.datetime.now(dt.UTC).isoformat()}
    parsed = AssessmentIn.model_validate_json(json.dumps(body))
    # Validated on the way in; stored whatever it was, so set a fixed instant after validation.
    parsed = parsed.model_copy(update={"recorded_at": recorded})
    raw = json.dumps(body).encode()
    created = get_store().create(
        parsed, Report(analysis_version="x", trials=[]), Upload(gzip.compress(raw), "0" * 64)
    )
    found = get_store().get(created.id)
    assert found is not None and found.recorded_at == recorded
    assert found.recorded_at.utcoffset() == dt.timedelta(0)
    engine = sa.create_engine(empty_database_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0003")
        assert "recorded_at" not in {
            column["name"] for column in sa.inspect(connection).get_columns("assessments")
        }
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    again = get_store().get(created.id)
    assert again is not None and again.recorded_at is None and again.report == found.report
