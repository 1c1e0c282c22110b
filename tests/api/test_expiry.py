"""Share links expire: an expired id answers exactly like an unknown or deleted one."""

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.api.test_assessments_api import create
from valgus_pwa import settings
from valgus_pwa.api import service
from valgus_pwa.store import get_store
from valgus_pwa.store.schema import assessments_table


def expire(assessment_id: str) -> None:
    """Move an assessment's expiry into the past, as if its lifetime had run out."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with get_store().engine.begin() as connection:
        connection.execute(
            assessments_table.update()
            .where(assessments_table.c.id == assessment_id)
            .values(expires_at=past)
        )


def _days_between(start: str, end: str) -> float:
    return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)) / dt.timedelta(
        days=1
    )


async def test_a_link_lives_90_days_by_default(client):
    created = await create(client)
    stored = (await client.get(f"/api/v1/assessments/{created['id']}")).json()
    assert _days_between(stored["created_at"], stored["expires_at"]) == pytest.approx(90)
    assert service.load_assessment(created["id"]).expires_at == stored["expires_at"]


async def test_the_lifetime_is_configurable(client, configure):
    configure(VALGUS_LINK_TTL_DAYS="7")
    created = await create(client)
    stored = (await client.get(f"/api/v1/assessments/{created['id']}")).json()
    assert _days_between(stored["created_at"], stored["expires_at"]) == pytest.approx(7)


@pytest.mark.parametrize("setting", ["0", "-3", "soon", "nan", "inf"])
def test_a_bad_lifetime_setting_is_refused(configure, setting):
    configure(VALGUS_LINK_TTL_DAYS=setting)
    with pytest.raises(ValueError, match="VALGUS_LINK_TTL_DAYS"):
        settings.current()


async def test_expired_deleted_and_unknown_ids_answer_the_same_404(client):
    expired, deleted = await create(client), await create(client)
    expire(expired["id"])
    await client.delete(
        f"/api/v1/assessments/{deleted['id']}",
        headers={"Authorization": f"Bearer {deleted['owner_key']}"},
    )
    answers = []
    for assessment_id in (expired["id"], deleted["id"], "A" * 22):
        for query in ("", "?include=frames"):
            response = await client.get(f"/api/v1/assessments/{assessment_id}{query}")
            answers.append((response.status_code, response.json()))
        assert service.load_assessment(assessment_id) is None
    assert len(set(map(repr, answers))) == 1 and answers[0][0] == 404


async def test_an_expired_assessment_cannot_be_deleted_by_its_owner_either(client):
    created = await create(client)
    expire(created["id"])
    response = await client.delete(
        f"/api/v1/assessments/{created['id']}",
        headers={"Authorization": f"Bearer {created['owner_key']}"},
    )
    assert response.status_code == 404
    with get_store().engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(assessments_table)).scalar()
            == 1
        )
