"""Measure on Apache Spark: a local SparkSession, or a cluster through Spark Connect.

``measure(service, backend="spark")`` (``blueprint measure --backend spark``)
runs the same aggregate as on DuckDB (:mod:`.engine`) on Spark through Ibis's
PySpark backend:

- without a remote, on a SparkSession in this process: the one already
  running (a notebook's, a test session's) or a new local one, kept small
  (no web UI, a temporary warehouse folder, few shuffle partitions);
- with ``remote="sc://HOST:15002"`` (``--spark-remote``), or the
  ``SPARK_REMOTE`` environment variable, on a cluster through Spark Connect.

The session's time zone is set to UTC (Ibis does so on connecting), which is
how DuckDB groups times: a time written with an offset is converted to UTC,
a time without one is grouped as written, daylight saving or not.

Spark needs Java (17 or later for Spark 4) and ``pyspark``; both missing say
so in a :class:`SparkUnavailable` error, which names what to install.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from typing import Any

from ..errors import BlueprintError

__all__ = [
    "INSTALL", "SparkUnavailable", "backend_named", "connect", "is_remote", "local_session", "server_address",
    "session",
]  # fmt: skip

#: how to get what the Spark backend needs
INSTALL = 'pip install "blueprint-service-design[spark]"'

#: settings of a local session Blueprint starts: small, quiet, and leaving nothing in the working folder
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}


class SparkUnavailable(BlueprintError, ValueError):
    """Spark cannot be started or reached: pyspark or Java missing, a Spark Connect server not answering."""


def is_remote(url: str | None) -> bool:
    """Whether ``url`` names a Spark Connect server (``sc://host:port``).

    >>> is_remote("sc://spark.example.org:15002"), is_remote("local[2]"), is_remote(None)
    (True, False, False)
    """
    return bool(url) and str(url).startswith("sc://")


def session(remote: str | None = None, *, master: str | None = None) -> Any:
    """A SparkSession: on the Spark Connect server ``remote`` (or ``$SPARK_REMOTE``), else local.

    A local session already running in this process is used as it is.
    """
    remote = remote or os.environ.get("SPARK_REMOTE") or None
    if remote is not None and not is_remote(remote):
        raise SparkUnavailable(
            f"{remote!r} is not a Spark Connect address; write it as sc://HOST:15002 (the server's port)"
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(f"the Spark backend needs pyspark: {INSTALL}") from None
    if remote is not None:
        return _remote_session(SparkSession, remote)
    return local_session(master)


def _remote_session(spark_session: Any, remote: str) -> Any:
    # The client retries a server that does not answer for minutes: look first, briefly.
    host, port = server_address(remote)
    try:
        socket.create_connection((host, port), timeout=10).close()
    except OSError as exc:
        raise SparkUnavailable(
            f"the Spark Connect server {remote} cannot be reached ({exc.strerror or exc}): check the "
            "address and that the server runs"
        ) from None
    try:
        return spark_session.builder.remote(remote).getOrCreate()
    except ImportError as exc:  # Spark Connect's own dependencies (grpcio, ...)
        raise SparkUnavailable(
            f"Spark Connect needs {exc.name or 'its client libraries'}: {INSTALL}"
        ) from None
    except Exception as exc:
        raise SparkUnavailable(
            f"the Spark Connect server {remote} cannot be reached: {_first_line(exc)}"
        ) from None


def server_address(remote: str) -> tuple[str, int]:
    """The host and port of Spark Connect address ``remote`` (the port is 15002 unless written).

    >>> server_address("sc://spark.example.org"), server_address("sc://10.0.0.5:443/;token=x")
    (('spark.example.org', 15002), ('10.0.0.5', 443))
    """
    place = remote[len("sc://") :].split("/", 1)[0]
    host, _, port = place.rpartition(":") if ":" in place else (place, "", "")
    try:
        return host.strip("[]"), int(port) if port else 15002
    except ValueError:
        raise SparkUnavailable(f"{remote!r}: the port must be a number, as in sc://HOST:15002") from None


def local_session(master: str | None = None) -> Any:
    """The SparkSession running in this process, or a new local one on ``master`` (default: every core)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable(
            "Spark needs Java (17 or later) and none was found: install a Java runtime "
            "(e.g. apt-get install default-jre-headless) or set JAVA_HOME"
        )
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning about the machine's own address
    builder = SparkSession.builder.master(master or "local[*]").appName("blueprint")
    for key, value in LOCAL_CONF.items():
        builder = builder.config(key, value)
    builder = builder.config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="blueprint-spark-"))
    try:
        started = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: its message says why
        raise SparkUnavailable(f"Spark could not start: {_first_line(exc)}") from None
    started.sparkContext.setLogLevel("ERROR")
    return started


def connect(spark: Any = None, *, remote: str | None = None) -> Any:
    """An Ibis backend on Spark: on ``spark`` (a SparkSession) when given, else on :func:`session`."""
    try:
        import ibis
    except ImportError:  # pragma: no cover - Ibis is a dependency of Blueprint
        raise SparkUnavailable(f"the Spark backend needs Ibis: {INSTALL}") from None
    if spark is None:
        spark = session(remote)
    try:
        con = ibis.pyspark.connect(spark)
        # Times are grouped on UTC whatever zone the session or cluster keeps, as on DuckDB.
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    except ImportError as exc:
        raise SparkUnavailable(f"the Spark backend needs {exc.name or 'pyspark'}: {INSTALL}") from None
    except Exception as exc:  # a Spark Connect session reaches its server only now
        where = remote or os.environ.get("SPARK_REMOTE") or "the session's server"
        raise SparkUnavailable(f"Spark at {where} cannot be reached: {_first_line(exc)}") from None
    return con


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def backend_named(backend: str, remote: str | None = None) -> str:
    """The backend ``measure`` is given for the ``--backend`` and ``--spark-remote`` options.

    >>> backend_named("spark", "sc://spark.example.org:15002"), backend_named("polars")
    ('sc://spark.example.org:15002', 'polars')
    """
    if remote is None:
        return backend
    if backend not in ("spark", "pyspark"):
        raise ValueError(f"--spark-remote {remote}: a Spark Connect server needs --backend spark")
    if not is_remote(remote):
        raise SparkUnavailable(
            f"--spark-remote {remote}: not a Spark Connect address; write it as sc://HOST:15002"
        )
    return remote
