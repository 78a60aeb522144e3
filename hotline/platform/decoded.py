"""The Redis client of the domain code, typed as what it is: every reply decoded to `str`.

`store.connect` opens the domain client with `decode_responses=True`, so Redis answers with
`str`, never `bytes`. redis-py's own types cannot know that (one `Redis` class serves both
modes), so each read would be `bytes | str` and each caller would need a cast. `DecodedRedis` and
`DecodedPipeline` say it once, for type checkers only: they are redis-py's classes with the
reads the hotline uses narrowed to `str`, and writes that take a hash as `Mapping[str, ...]`
(redis-py's `Mapping[bytes | str | ..., ...]` refuses a plain `dict[str, str]`). At run time
they are `redis.Redis` and `redis.client.Pipeline` themselves.

A read the hotline starts using is added here, with the reply type Redis gives it. The RQ client
(decode=False, raw bytes) stays a plain `redis.Redis`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import redis
import redis.client

if TYPE_CHECKING:
    from redis.typing import EncodableT, FieldT, KeyT, PatternT, StreamIdT, ZScoreBoundT

    # Overrides narrow redis-py's signatures on purpose (bytes | str -> str); the module's
    # `override` errors are switched off in pyproject.toml, nothing else is. An overloaded read
    # ends with the catch-all signature mypy wants of an implementation outside a stub file.

    class DecodedRedis(redis.Redis):
        """A `redis.Redis` opened with `decode_responses=True` (see the module docstring)."""

        def pipeline(
            self, transaction: bool = True, shard_hint: str | None = None
        ) -> DecodedPipeline: ...
        def get(self, name: KeyT) -> str | None: ...
        def config_get(
            self, pattern: PatternT = "*", *args: PatternT, **kwargs: Any
        ) -> dict[str, str]: ...
        def hget(self, name: KeyT, key: FieldT) -> str | None: ...
        def hgetall(self, name: KeyT) -> dict[str, str]: ...
        def hmget(self, name: KeyT, keys: Sequence[KeyT], *args: FieldT) -> list[str | None]: ...
        def hset(
            self,
            name: KeyT,
            key: FieldT | None = None,
            value: EncodableT | None = None,
            mapping: Mapping[str, EncodableT] | None = None,
            items: Sequence[EncodableT] | None = None,
        ) -> int: ...
        def smembers(self, name: KeyT) -> set[str]: ...
        def lrange(self, name: KeyT, start: int, end: int) -> list[str]: ...
        @overload
        def zrange(
            self,
            name: KeyT,
            start: EncodableT,
            end: EncodableT,
            desc: bool = False,
            withscores: Literal[False] = False,
            score_cast_func: type | Callable[..., Any] = float,
            byscore: bool = False,
            bylex: bool = False,
            offset: int | None = None,
            num: int | None = None,
        ) -> list[str]: ...
        @overload
        def zrange(
            self,
            name: KeyT,
            start: EncodableT,
            end: EncodableT,
            desc: bool = False,
            *,
            withscores: Literal[True],
            score_cast_func: type | Callable[..., Any] = float,
            byscore: bool = False,
            bylex: bool = False,
            offset: int | None = None,
            num: int | None = None,
        ) -> list[tuple[str, float]]: ...
        def zrange(self, *args: Any, **kwargs: Any) -> Any: ...
        @overload
        def zrevrange(
            self,
            name: KeyT,
            start: int,
            end: int,
            withscores: Literal[False] = False,
            score_cast_func: type | Callable[..., Any] = float,
        ) -> list[str]: ...
        @overload
        def zrevrange(
            self,
            name: KeyT,
            start: int,
            end: int,
            *,
            withscores: Literal[True],
            score_cast_func: type | Callable[..., Any] = float,
        ) -> list[tuple[str, float]]: ...
        def zrevrange(self, *args: Any, **kwargs: Any) -> Any: ...
        @overload
        def zrangebyscore(
            self,
            name: KeyT,
            min: ZScoreBoundT,
            max: ZScoreBoundT,
            start: int | None = None,
            num: int | None = None,
            withscores: Literal[False] = False,
            score_cast_func: type | Callable[..., Any] = float,
        ) -> list[str]: ...
        @overload
        def zrangebyscore(
            self,
            name: KeyT,
            min: ZScoreBoundT,
            max: ZScoreBoundT,
            start: int | None = None,
            num: int | None = None,
            *,
            withscores: Literal[True],
            score_cast_func: type | Callable[..., Any] = float,
        ) -> list[tuple[str, float]]: ...
        def zrangebyscore(self, *args: Any, **kwargs: Any) -> Any: ...
        def zrank(self, name: KeyT, value: EncodableT) -> int | None: ...
        def scan_iter(
            self,
            match: PatternT | None = None,
            count: int | None = None,
            _type: str | None = None,
            **kwargs: Any,
        ) -> Iterator[str]: ...
        def zscan_iter(
            self,
            name: KeyT,
            match: PatternT | None = None,
            count: int | None = None,
            score_cast_func: type | Callable[..., Any] = float,
        ) -> Iterator[tuple[str, float]]: ...
        def xadd(
            self,
            name: KeyT,
            fields: Mapping[str, EncodableT],
            id: StreamIdT = "*",
            maxlen: int | None = None,
            approximate: bool = True,
        ) -> str: ...
        def xrevrange(
            self,
            name: KeyT,
            max: StreamIdT = "+",
            min: StreamIdT = "-",
            count: int | None = None,
        ) -> list[tuple[str, dict[str, str]]]: ...

    class DecodedPipeline(DecodedRedis, redis.client.Pipeline):
        """A pipeline of a `DecodedRedis`: the same reads, answered by `execute()` (or at once
        while it WATCHes)."""

        def __enter__(self) -> DecodedPipeline: ...

else:
    DecodedRedis = redis.Redis
    DecodedPipeline = redis.client.Pipeline
