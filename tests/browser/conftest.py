"""A JupyterLab server on localhost and a headless Chromium, for the browser tests.

The browser is the system's Chromium (Debian package ``chromium``); Playwright
never downloads one. JupyterLab runs on a free port with a token, in a temp
copy of the notebooks and the example services, with clean settings: no news,
no update checks, no notebook windowing (every cell stays in the page).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BLUEPRINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _fresh_copy(source: Path, target: Path) -> None:
    """The notebook without stored outputs, so a finished run is plain to see."""
    import nbformat

    book = nbformat.read(source, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(book, target)


def wait_for(server: subprocess.Popen, ready: Callable[[], bool], log: Path, what: str) -> None:
    """Wait until ``ready()`` (a failed connection counts as not yet), or fail with the server's log."""
    deadline = time.monotonic() + 90
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n" + log.read_text())
        time.sleep(0.3)


def shut_down_kernels(base: str, token: str) -> None:
    """Stop every kernel the server runs, so the next notebook's kernel starts on an idle machine."""
    import json

    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as reply:
        kernels = json.load(reply)
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
        with urllib.request.urlopen(request, timeout=30):
            pass


def stop(server: subprocess.Popen, log: IO[bytes]) -> None:
    """End a server started by a fixture, forcefully if it does not stop within 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as reply:
        return bool(reply.status == 200)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $BLUEPRINT_SCREENSHOTS, else a temp folder (printed at the end)."""
    folder = Path(os.environ.get("BLUEPRINT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """``(base_url, token, workspace)``: a running JupyterLab on a temp copy of the notebooks."""
    workspace = tmp_path_factory.mktemp("lab")
    (workspace / "notebooks").mkdir()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        _fresh_copy(notebook, workspace / "notebooks" / notebook.name)
    shutil.copytree(ROOT / "standards", workspace / "standards")
    shutil.copy(ROOT / "tests" / "data" / "widgets-hostile.yaml", workspace / "standards")
    settings = workspace / "settings"
    for name, value in SETTINGS.items():
        plugin, _, file = name.rpartition("/")
        target = settings / plugin / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(workspace / "config"),
        "JUPYTER_RUNTIME_DIR": str(workspace / "run"),
    }
    log = (workspace / "lab.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={workspace / 'notebooks'}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workspace / 'workspaces'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", "--allow-root",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workspace,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            server, lambda: _answers(f"{base}/api/status?token={token}"), workspace / "lab.log", "JupyterLab"
        )
        yield base, token, workspace
    finally:
        stop(server, log)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set BLUEPRINT_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


def page_of_size(browser, request, screenshots: Path, width: int, height: int):
    """A fresh browser page of that size; a failing test leaves a screenshot of it behind."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    if getattr(request.node, "failed_call", False):
        page.screenshot(path=screenshots / f"failed-{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(browser, request, screenshots):
    """A page the size of a laptop screen."""
    yield from page_of_size(browser, request, screenshots, 1500, 1000)
