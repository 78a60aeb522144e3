"""The embedded Redis server: starts, persists with AOF, stops cleanly."""

import redis

from hotline.platform.embedded_redis import EmbeddedRedis, ensure_local, free_port, is_alive


def test_unix_socket_server_persists_across_restart(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    try:
        assert url.startswith("unix://")
        redis.Redis.from_url(url).set("k", "v")
    finally:
        server.stop()
    assert not is_alive(url)
    assert (tmp_path / "redis").stat().st_mode & 0o777 == 0o700
    server.start()
    try:
        assert redis.Redis.from_url(url).get("k") == b"v"
    finally:
        server.stop()


def test_tcp_server_binds_loopback(tmp_path):
    server = EmbeddedRedis(tmp_path, port=free_port())
    server.start()
    try:
        client = redis.Redis.from_url(server.url)
        assert client.config_get("bind")["bind"] == "127.0.0.1"
    finally:
        server.stop()


def test_ensure_local_reuses_a_running_server(tmp_path):
    url, started = ensure_local(tmp_path)
    try:
        again, second = ensure_local(tmp_path)
        assert (again, second) == (url, None)
    finally:
        started.stop()


def test_the_embedded_server_persists_with_aof_and_rdb_snapshots(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis", port=free_port())
    server.start()
    try:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        assert client.config_get("appendonly")["appendonly"] == "yes"
        assert client.config_get("save")["save"] == "900 1"
        client.close()
    finally:
        server.stop()
