"""A guard around one kombu failure that stops a worker when Redis goes away.

When a worker loses Redis while it holds an unacknowledged message, Celery's consumer releases the
broker transport and then closes the channel again; closing tries to put the message back through
the released transport, and kombu's Redis channel fails with AttributeError ('NoneType' object has no
attribute 'hostname'). That is not one of the connection errors the consumer ignores, so the worker
stops with "Unrecoverable error" instead of reconnecting. Here a released transport raises Redis's
own ConnectionError, which the consumer ignores and recovers from; the message stays in Redis's
unacknowledged set, and the reconciler sends its documents again if Redis lost it.
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

_connparams = kombu_redis.Channel._connparams


def _guarded_connparams(channel: Any, asynchronous: bool = False) -> dict[str, Any]:
    if getattr(channel.connection, "client", None) is None:
        raise RedisConnectionError("the broker connection was already released")
    return _connparams(channel, asynchronous=asynchronous)  # type: ignore[no-any-return]


def guard_released_connections() -> None:
    """Make kombu's Redis channel raise a connection error, not AttributeError, once its transport is released."""
    kombu_redis.Channel._connparams = _guarded_connparams
