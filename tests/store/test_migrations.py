"""Schema changes arrive as migrations: a database made before them is adopted, never wiped."""

import datetime as dt
import gzip
import importlib
import json
import threading

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from tests.store.commands import run_store_command
from tests.synthetic import assessment, squat_trial
from valgus_pwa.store import get_store
from valgus_pwa.store.schema import alembic_config, upgrade_to_head

BASELINE = importlib.import_module("valgus_pwa.store.migrations.versions.0001_baseline")


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _revision(url: str) -> str:
    with sa.create_engine(url).connect() as connection:
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def _make_pre_migration_database(url: str) -> dict:
    """The table exactly as `metadata.create_all` made it before migrations, with one row."""
    metadata = sa.MetaData()
    table = sa.Table("assessments", metadata, *BASELINE.baseline_columns())
    trials = [squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2)]
    row = {
        "id": "B" * 22,
        "owner_key_hash": "0" * 64,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1),
        "subject": {"sex": "female", "age_years": None},
        "report": {"analysis_version": "0.1.0", "trials": [], "comparison": None},
        "trials_gz": gzip.compress(json.dumps(trials).encode()),
    }
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert().values(**row))
    engine.dispose()
    return {"row": row, "trials": trials}


def test_a_pre_migration_database_is_adopted_with_its_data(empty_database_url):
    old = _make_pre_migration_database(empty_database_url)
    store = get_store()
    record = store.get(old["row"]["id"])
    assert record is not None and record.subject == old["row"]["subject"]
    assert record.expires_at - record.created_at == dt.timedelta(days=90)
    assert store.get_trials(old["row"]["id"]) == old["trials"]
    assert _revision(empty_database_url) == _head()


def test_downgrade_and_upgrade_keep_the_keypoints(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    upgrade_to_head(engine)
    trial = squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO assessments (id, owner_key_hash, created_at, expires_at, report, upload_gz)"
                " VALUES (:id, :hash, :now, :later, :report, :upload)"
            ),
            {
                "id": "C" * 22,
                "hash": "0" * 64,
                "now": dt.datetime.now(dt.UTC),
                "later": dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
                "report": json.dumps({"analysis_version": "x", "trials": []}),
                "upload": gzip.compress(json.dumps(assessment(trial)).encode()),
            },
        )
        command.downgrade(alembic_config(connection), "0001")
        assert json.loads(
            gzip.decompress(
                connection.execute(sa.text("SELECT trials_gz FROM assessments")).scalar_one()
            )
        ) == [trial]
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    assert get_store().get_trials("C" * 22) == [trial]


def test_workers_starting_together_migrate_once(empty_database_url):
    errors = []

    def start_worker() -> None:
        try:
            upgrade_to_head(sa.create_engine(empty_database_url))
        except Exception as error:
            errors.append(error)

    workers = [threading.Thread(target=start_worker) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    assert _revision(empty_database_url) == _head()


def test_the_migrate_command_brings_a_database_to_head(empty_database_url):
    done = run_store_command("valgus_pwa.store.schema", empty_database_url)
    assert done.returncode == 0, done.stderr
    assert "to head" in done.stdout
    assert _revision(empty_database_url) == _head()


def test_the_store_runs_on_the_configured_engine(fresh_database):
    expected = "postgresql" if fresh_database.startswith("postgresql") else "sqlite"
    assert get_store().engine.dialect.name == expected
