"""The retention job deletes expired assessments and nothing else."""

import json
import subprocess

from tests.api.test_expiry import expire
from tests.store.commands import run_store_command
from tests.synthetic import assessment
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.schemas import AssessmentIn
from valgus_pwa.store import Upload, get_store


def _stored(count: int) -> list[str]:
    body = assessment()
    parsed = AssessmentIn.model_validate(body)
    report, upload = analyse_assessment(parsed), Upload(body_gz=b"", sha256="")
    return [get_store().create(parsed, report, upload).id for _ in range(count)]


def _run_retention(url: str) -> subprocess.CompletedProcess[str]:
    return run_store_command("valgus_pwa.store.retention", url)


def test_expired_rows_are_deleted_and_live_ones_kept(fresh_database):
    expired, live = _stored(3), _stored(2)
    for assessment_id in expired:
        expire(assessment_id)
    done = _run_retention(fresh_database)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"event": "retention_done", "deleted": 3}
    assert get_store().count() == 2
    assert all(get_store().get(assessment_id) for assessment_id in live)


def test_large_backlogs_go_in_batches(fresh_database):
    for assessment_id in _stored(7):
        expire(assessment_id)
    assert get_store().delete_expired(batch_size=3) == 7
    assert get_store().count() == 0


def test_an_unreachable_database_fails_loudly():
    done = _run_retention("postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert done.returncode == 1
    assert json.loads(done.stderr)["event"] == "retention_failed"


def test_a_stored_assessment_exists_until_it_expires_or_is_deleted(fresh_database):
    expiring, live = _stored(2)
    expire(expiring)
    created = get_store().create(
        AssessmentIn.model_validate(assessment()),
        analyse_assessment(AssessmentIn.model_validate(assessment())),
        Upload(body_gz=b"", sha256=""),
    )
    get_store().delete(created.id, created.owner_key)
    assert get_store().exists(live) and get_store().get(live) is not None
    assert not get_store().exists(expiring) and get_store().get(expiring) is None
    assert not get_store().exists(created.id) and not get_store().exists("A" * 22)
