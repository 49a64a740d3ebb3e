"""Private servers the fault tests may stop, crash and restart: a redis-server and a PostgreSQL cluster.

They run on free ports in temporary directories, so the machine's shared servers are never touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.servers import free_port, listening, missing

HOST = "127.0.0.1"


def _wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.05)


class RestartableRedis:
    """A redis-server without persistence on a fixed free port, which can be killed and started again."""

    def __init__(self, log: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            missing("no redis-server binary is installed: the fault tests need a private Redis to restart")
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The broker URL of this server."""
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        """Start the server (empty: nothing survives a restart) and wait until it accepts connections."""
        args = [self.binary or "redis-server", "--bind", HOST, "--port", str(self.port), "--save", "",
                "--appendonly", "no"]
        self.process = subprocess.Popen(args, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        _wait_until(lambda: listening(HOST, self.port, timeout=0.2), 10, f"redis-server on port {self.port}")

    def kill(self) -> None:
        """Crash the server (SIGKILL): every message it held is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        """Stop the server if it runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (initdb + pg_ctl) on a free port, which can be crashed and restarted.

    initdb refuses to run as root, so as root every server command runs as the `postgres` user.
    """

    def __init__(self) -> None:
        binaries = _postgres_bin()
        if binaries is None:
            missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = binaries
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="chronicle-faults-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres", group="postgres")

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.directory)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")

    def init(self) -> None:
        """Create the cluster: trust authentication on loopback, no fsync (nothing here must outlive the test)."""
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses={HOST} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def crash(self) -> None:
        """Stop the server the hard way (immediate mode: every connection cut, recovery at next start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` on this server."""
        return f"postgresql+psycopg://postgres@{HOST}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create a database; return its URL."""
        import psycopg

        with psycopg.connect(f"postgresql://postgres@{HOST}:{self.port}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        """Stop the server if it runs and remove the cluster."""
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.directory, ignore_errors=True)
