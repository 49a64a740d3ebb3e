"""Sending through a real Redis: one redis-py client per channel, not one per message, and a new
one once the channel's connection pool is replaced (as after a fork)."""

from __future__ import annotations

import uuid

import pytest
import redis

from chronicle.settings import load_settings
from tests.servers import redis_url
from worker.app import PROCESS, create_app

pytestmark = pytest.mark.integration


def test_messages_share_one_client_and_a_new_pool_gets_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[redis.Redis] = []
    original = redis.Redis.__init__

    def counting(self: redis.Redis, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    queue = f"chronicle-clients-{uuid.uuid4().hex[:10]}"
    with redis_url() as broker:
        app = create_app(load_settings(database_url="sqlite:///unused.db", broker_url=broker, queue=queue))
        with app.connection_for_write() as connection:
            producer = app.amqp.Producer(connection)
            channel = producer.channel
            for number in range(20):
                app.tasks[PROCESS].apply_async(args=[[number]], producer=producer)
            assert len([client for client in built if client.connection_pool is channel.pool]) == 1
            channel._disconnect_pools()  # what kombu does in a forked child
            app.tasks[PROCESS].apply_async(args=[[20]], producer=producer)
            assert len([client for client in built if client.connection_pool is channel.pool]) == 1
        check = redis.Redis.from_url(broker)
        try:
            assert check.llen(queue) == 21
        finally:
            check.delete(queue)
            check.close()
