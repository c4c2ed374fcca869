"""`breachsim serve`: the player's console in a browser. A page joins the running session as
`breachsim join` would, with nothing fetched from elsewhere; the server listens on loopback
unless told otherwise, and says so."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from breachsim.application.exercise import Exercise
from breachsim.store import open_store

from .app_support import FakeClock, scenario
from .browser_support import CHROMIUM, open_page, png_pixels

pytestmark = pytest.mark.xdist_group("serve")
HOSTILE = 'Ransomware <script>alert("x")</script> & co'


@pytest.fixture
def store_path(tmp_path):
    return str(tmp_path / "s.sqlite3")


@pytest.fixture
def session(store_path):
    """A running session whose scenario's title is hostile HTML."""
    with open_store(store_path) as store:
        played = scenario().model_copy(update={"title": HOSTILE})
        exercise = Exercise.begin(store, played, seed=5, team="Red", monotonic=FakeClock())
        exercise.start()
        yield exercise.session.id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`breachsim serve …` in a subprocess, until the test ends."""

    def __init__(self, *args: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "breachsim", "serve", *args, "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"})
        self.said: list[str] = []
        while not any(line.startswith("serving ") for line in self.said):
            line = self.process.stdout.readline()
            assert line, f"serve ended: {''.join(self.said)}"
            self.said.append(line)
        self.origin = f"http://127.0.0.1:{self.port}"
        self.key = re.search(rf":{self.port}/([\w-]+)/ \(Ctrl", self.said[-1])[1]
        self.url = f"{self.origin}/{self.key}/"  # what the server prints, with its key

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def served(request, session, store_path):
    running = Served(session, "--role", "dpo", "--store", store_path)
    yield running
    running.stop()


async def screens(ws, seconds: float):
    """The console's output as it streams to a page's socket, for up to ``seconds``; the
    last item is the message that closed the socket, if the server closed it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:  # the page stays open and answers the server's pings
        try:
            message = await ws.receive(timeout=1)
        except TimeoutError:
            continue
        yield message
        if message.type != aiohttp.WSMsgType.BINARY:
            return


def socket_address(url: str) -> str:
    return url.replace("http", "ws") + "ws?width=120&height=40"


async def console_text(url: str, until: str, timeout: float = 30.0) -> str:
    """What the console streams to a page's socket, as text, once ``until`` shows in it."""
    seen, text = b"", ""
    async with aiohttp.ClientSession() as http, http.ws_connect(socket_address(url)) as ws:
        async for message in screens(ws, timeout):
            seen += message.data if message.type == aiohttp.WSMsgType.BINARY else b""
            text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
            if until in text:
                return text
    raise AssertionError(f"{until!r} never showed; the console drew: {text[-2000:]}")


def test_the_server_says_it_listens_on_this_machine_only(served):
    said = "".join(served.said)
    assert f"serving breachsim: {HOSTILE} on http://127.0.0.1:{served.port}/{served.key}/ " \
           "(Ctrl+C stops)" in said
    assert len(served.key) >= 12  # a key nobody guesses
    assert "only this machine can open it; --host 0.0.0.0" in said


async def test_a_page_joins_the_session_as_its_role(served):
    async with aiohttp.ClientSession() as http:
        page = await (await http.get(served.url)).text()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page  # the title, escaped
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url\(\"([^\"]+)", page)
    assert addresses and all(a.startswith("/static/") for a in addresses)  # nothing from elsewhere
    # the clock bar says RUNNING once the player has heard the facilitator's heartbeat
    text = await console_text(served.url, "RUNNING")
    assert "as dpo" in text and "Injects:" in text  # the team's console, as a player
    assert "Pause" not in text  # without the facilitator's controls


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("BREACHSIM_CI"),
                    reason="no Chromium here (.ci/run installs it)")
async def test_a_browser_shows_the_console(served, tmp_path):
    page, shot = await open_page(served.url, "document.body.classList.contains('-first-byte')")
    (tmp_path / "console-in-a-browser.png").write_bytes(shot)
    assert all(a.startswith(served.origin + "/") or a.startswith("data:")
               for a in page.requested), \
        page.requested
    width, _, rows = png_pixels(shot)
    background = bytes((16, 20, 24))  # the page's own: what shows where the console is not
    pixels = [row[x:x + 3] for row in rows[::8] for x in range(0, 3 * width, 24)]
    assert sum(p != background for p in pixels) > 0.5 * len(pixels)


def consoles_of(session: str) -> list[str]:
    """The command lines of the `breachsim join` processes on ``session`` still alive."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"join" in words and session.encode() in words:
            found.append(b" ".join(words).decode())
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the processes from /proc")
async def test_stopping_the_server_ends_the_consoles_it_started(served, session, store_path):
    async with aiohttp.ClientSession() as http, \
            http.ws_connect(socket_address(served.url)) as ws:
        await ws.receive(timeout=30)  # the page's console is up
        [console] = consoles_of(session)
        assert "--role dpo" in console and store_path not in console  # a URL's password
        served.process.terminate()
        last = [message async for message in screens(ws, 20)][-1]
        assert last.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                             aiohttp.WSMsgType.CLOSING)
    served.process.wait(timeout=30)
    assert not consoles_of(session)


async def test_without_the_key_there_is_no_console(served):
    async with aiohttp.ClientSession() as http:
        for guess in ("", "ws", "nokey/", "nokey/ws"):
            response = await http.get(f"{served.origin}/{guess}")
            assert response.status == 404, guess


async def test_a_page_of_another_site_cannot_open_a_console(served):
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(socket_address(served.url),
                                  headers={"Origin": "https://evil.example"})
        assert refused.value.status == 403
        async with http.ws_connect(socket_address(served.url),  # its own page may
                                   headers={"Origin": served.origin}) as ws:
            assert (await ws.receive(timeout=30)).type == aiohttp.WSMsgType.BINARY


async def test_a_full_server_says_so(session, store_path):
    running = Served(session, "--players", "1", "--store", store_path)
    try:
        async with aiohttp.ClientSession() as http, \
                http.ws_connect(socket_address(running.url)) as first:
            await first.receive(timeout=30)
            page = await http.get(running.url)
            assert page.status == 503
            assert "Every console of this server is taken (1 at most)" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(socket_address(running.url))
            assert refused.value.status == 503
    finally:
        running.stop()


def test_a_port_in_use_is_refused(session, store_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "breachsim", "serve", session, "--store",
                               store_path, "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"error: port {port} on 127.0.0.1 is in use by another program; choose another " \
           "with --port" in proc.stderr
    assert "Traceback" not in proc.stderr and "serving" not in proc.stdout


def test_serving_beyond_this_machine_warns_that_the_key_is_the_only_password(session, store_path):
    running = Served(session, "--host", "0.0.0.0", "--store", store_path)
    try:
        said = "".join(running.said)
        assert f"warning: anyone who has the address below can join session {session} as a " \
               "player from any machine that reaches this one; its key is the only password" \
               in said
        assert f"on http://{socket.gethostname()}:{running.port}/{running.key}/" in said
    finally:
        running.stop()


def test_nothing_to_serve_without_a_running_session(store_path):
    serve = [sys.executable, "-m", "breachsim", "serve", "--store", store_path]
    proc = subprocess.run(serve, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"error: no session store at {store_path}: no session has run with it yet" \
        in proc.stderr
    open_store(store_path).close()  # a store with no session in it
    proc = subprocess.run(serve, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "error: no running session to join" in proc.stderr


def test_without_the_serve_extra_it_says_what_to_install(session, store_path):
    without = ("import sys; sys.modules['textual_serve'] = None; "
               "from breachsim.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", without, "serve", session, "--store",
                           store_path], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "error: serving to browsers needs the serve extra: pip install " \
           "'breachsim[serve]'" in proc.stderr and "Traceback" not in proc.stderr
