"""A worker's broker connection torn down after Redis died must close quietly, so the worker reconnects
instead of stopping with an "Unrecoverable error"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chronicle.settings import load_settings
from tests.faults.servers import RestartableRedis
from worker.app import create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RestartableRedis]:
    """A private redis-server, started."""
    server = RestartableRedis(tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.close()


def test_closing_a_released_connection_with_an_unacknowledged_message_raises_no_attribute_error(
    redis: RestartableRedis, tmp_path: Path
) -> None:
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", broker_url=redis.url))
    with app.connection_for_write() as connection:
        queue = connection.SimpleQueue("chronicle-faults-probe")
        queue.put({"probe": 1})
        message = queue.get(timeout=5)  # delivered, not acknowledged: the channel must put it back on close
        assert message.payload == {"probe": 1}
        redis.kill()
        # The state a worker's consumer can reach on a lost connection: collect() failed to close the
        # channel (its pending read raised) yet released the transport; close() then closes the channel
        # again, which tries to put the unacknowledged message back through the released transport.
        connection._do_close_transport()
        connection.close()  # must fail, if at all, with a connection error, which the consumer ignores
