"""Two changes to kombu's Redis channel: a guard around one failure that stops a worker when Redis
goes away, and one publishing client per channel instead of one per message.

When a worker loses Redis while it holds an unacknowledged message, Celery's consumer releases the
broker transport and then closes the channel again; closing tries to put the message back through
the released transport, and kombu's Redis channel fails with AttributeError ('NoneType' object has no
attribute 'hostname'). That is not one of the connection errors the consumer ignores, so the worker
stops with "Unrecoverable error" instead of reconnecting. Here a released transport raises Redis's
own ConnectionError, which the consumer ignores and recovers from; the message stays in Redis's
unacknowledged set, and the reconciler sends its documents again if Redis lost it.

For every message sent, acknowledged or rejected, kombu builds a new redis-py client on the channel's
connection pool (`conn_or_acquire`), about 0.1 ms of CPU each: once per task in the API, twice or
more per task in a worker. The client holds no connection of its own (each command borrows one from
the pool) and is safe to share between threads, so each channel keeps one, and builds a new one only
when the channel's pool was replaced (after a fork or a reconnection).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

_connparams = kombu_redis.Channel._connparams
_PUBLISHER = "_chronicle_client"


def _guarded_connparams(channel: Any, asynchronous: bool = False) -> dict[str, Any]:
    if getattr(channel.connection, "client", None) is None:
        raise RedisConnectionError("the broker connection was already released")
    return _connparams(channel, asynchronous=asynchronous)  # type: ignore[no-any-return]


def guard_released_connections() -> None:
    """Make kombu's Redis channel raise a connection error, not AttributeError, once its transport is released."""
    kombu_redis.Channel._connparams = _guarded_connparams


@contextmanager
def _shared_client(channel: Any, client: Any = None) -> Iterator[Any]:
    if client:
        yield client
        return
    pool = channel.pool  # the channel's current pool (a new one after a fork or a reconnection)
    shared = channel.__dict__.get(_PUBLISHER)
    if shared is None or shared.connection_pool is not pool:
        shared = channel._create_client()
        channel.__dict__[_PUBLISHER] = shared
    yield shared


def share_channel_clients() -> None:
    """Make kombu's Redis channel send, acknowledge and reject through one client it keeps."""
    kombu_redis.Channel.conn_or_acquire = _shared_client
