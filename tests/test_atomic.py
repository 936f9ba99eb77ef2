"""Atomic writes leave files with the permissions a user expects."""

from __future__ import annotations

import os
import stat

import pytest

from blueprint.io.atomic import leftovers, write_atomic


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_new_file_gets_the_umask_permissions_not_private_ones(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>hello</p>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "service.yaml"
    target.write_text("version: 1\n")
    target.chmod(0o600)
    write_atomic(target, b"version: 1\n# edited\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"version: 1\n# edited\n"
    assert leftovers(target) == []


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_lock_held_by_a_killed_process_is_free_again(tmp_path):
    import subprocess
    import sys

    from blueprint.io.atomic import LockTimeout, locked

    target = tmp_path / "service.yaml"
    target.write_text("version: 1\n")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from blueprint.io.atomic import locked\n"
            "with locked(sys.argv[1]):\n    print('held', flush=True); time.sleep(60)\n",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout), locked(target, timeout=0.05):
            pass
    finally:
        holder.kill()
        holder.wait()
    with locked(target, timeout=5):  # the system let go of the dead process's lock
        write_atomic(target, b"version: 1\n# after\n")
    assert target.read_bytes() == b"version: 1\n# after\n"
