"""No one lists, reads by guessing, or deletes what is not theirs."""

from tests.api.test_assessments_api import create
from valgus_pwa.api.app import api_app


def test_no_route_lists_assessments():
    for path, operations in api_app.openapi()["paths"].items():
        if "get" in operations:
            assert "{" in path or not path.startswith("/api/v1/"), (
                f"GET {path} could list assessments"
            )


async def test_the_collection_cannot_be_read(client):
    await create(client)
    for query in ("", "?limit=100", "?include=frames"):
        response = await client.get(f"/api/v1/assessments{query}")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"


async def test_one_owner_key_does_not_open_another_assessment(client):
    mine, theirs = await create(client), await create(client)
    url = f"/api/v1/assessments/{theirs['id']}"
    for authorization in (
        f"Bearer {mine['owner_key']}",
        f"Basic {theirs['owner_key']}",
        "Bearer ",
        theirs["owner_key"],
    ):
        response = await client.delete(url, headers={"Authorization": authorization})
        assert response.status_code in (401, 403), authorization
        assert response.json()["error"]["code"] in ("unauthorized", "forbidden")
    assert (await client.get(url)).status_code == 200


async def test_share_ids_and_owner_keys_are_long_random_tokens(client):
    created = [await create(client) for _ in range(3)]
    assert len({item["id"] for item in created}) == 3
    assert all(len(item["id"]) == 22 and len(item["owner_key"]) == 43 for item in created)
