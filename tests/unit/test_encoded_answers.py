"""Readers of one replay who arrive together: the first reads, the others wait for its answer."""

from __future__ import annotations

import asyncio

from tests.fresh_loop import run_in_fresh_loop
from valgus_pwa.api.replay import EncodedAnswers


def test_readers_who_arrive_together_read_once_and_all_get_the_answer():
    answers = EncodedAnswers(capacity=4)
    reads = 0

    async def reader() -> bytes:
        nonlocal reads
        async with answers.first_reader("rep"):
            found = answers.get("rep")
            if found is None:
                reads += 1
                await asyncio.sleep(0.05)  # the upload being read and decoded
                found = answers.put("rep", b'{"frames": []}')
        return found[0]

    async def twenty_readers() -> list[bytes]:
        return await asyncio.gather(*(reader() for _ in range(20)))

    bodies = run_in_fresh_loop(twenty_readers())
    assert reads == 1
    assert bodies == [b'{"frames": []}'] * 20
    assert answers._readers == {}  # nothing kept once everyone has left


def test_a_reader_that_fails_lets_the_next_one_read():
    answers = EncodedAnswers(capacity=4)

    async def failing() -> None:
        async with answers.first_reader("rep"):
            await asyncio.sleep(0.01)
            raise LookupError("deleted meanwhile")

    async def next_reader() -> bytes:
        await asyncio.sleep(0.001)
        async with answers.first_reader("rep"):
            return (answers.get("rep") or answers.put("rep", b"{}"))[0]

    async def both() -> list[object]:
        return await asyncio.gather(failing(), next_reader(), return_exceptions=True)

    failed, body = run_in_fresh_loop(both())
    assert isinstance(failed, LookupError) and body == b"{}"
    assert answers._readers == {}
