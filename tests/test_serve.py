"""`alcoach serve` in a real browser: Debian's headless Chromium shows the home screen.

The page draws the terminal with xterm.js on a canvas, so there is no text in the DOM to read.
The test catches the page's xterm `Terminal` as textual-serve stores it (`this.terminal = new
Terminal(…)`, caught by a setter on Object.prototype installed before the page's scripts run)
and reads the lines of its buffer: what the member sees, cell by cell.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# This machine's network is closed: Chromium must not try to phone home.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOME_TITLE = "action learning reflection"

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__alcoachTerminal = value;
  },
});
"""
READ_TERMINAL = """() => {
  const terminal = window.__alcoachTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, lines = [];
  for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row).translateToString(true));
  return lines.join("\\n");
}"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no /usr/bin/chromium (Debian's chromium package; `make test` installs it as root)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"alcoach serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"alcoach serve did not listen on port {port} within {timeout} s:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    """End the server and the apps it started: they share its process group.

    An app quits on SIGTERM only once its language models have loaded (seconds to minutes in a
    new home, whose cache is cold), and the server waits for its apps: so a short grace, then KILL.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=3)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # whatever is left of the group
    server.wait(timeout=10)


def test_serve_shows_the_home_screen_in_chromium(tmp_path: Path, alcoach_home: Path) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "alcoach", "serve", "--port", str(port)],
            env={**os.environ, "ALCOACH_HOME": str(alcoach_home), "HF_HUB_OFFLINE": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    requested: list[str] = []
    try:
        wait_for_port(port, server, log)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"),  # a new, empty profile
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                viewport={"width": 1280, "height": 800},
            )
            try:
                browser.on("request", lambda request: requested.append(request.url))
                page = browser.pages[0] if browser.pages else browser.new_page()
                page.add_init_script(CATCH_TERMINAL)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load", timeout=20_000)
                text = None
                deadline = time.monotonic() + 45
                while time.monotonic() < deadline:
                    text = page.evaluate(READ_TERMINAL)
                    if text and HOME_TITLE in text:
                        break
                    page.wait_for_timeout(250)
                page.screenshot(path=str(tmp_path / "home.png"))
            finally:
                browser.close()
    finally:
        stop(server)
    assert text is not None, "the page never created its xterm terminal"
    assert HOME_TITLE in text, f"the terminal never showed the home screen; it shows:\n{text}"
    assert "Prepare for a set meeting" in text
    # Offline: the page loads nothing but from alcoach itself (textual-serve's own page would
    # ask Google Fonts for Roboto Mono; `alcoach serve` points it at the font in the package).
    assert requested
    elsewhere = [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    assert not elsewhere, f"the page fetched from outside this machine: {elsewhere}"
