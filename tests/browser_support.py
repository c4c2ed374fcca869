"""A headless Chromium driven over its DevTools socket, and a PNG reader, for the tests of
`breachsim serve`: the browser from the distribution's packages (.ci/run installs it)."""

from __future__ import annotations

import asyncio
import base64
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import aiohttp

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
# No background traffic: nothing may reach the network, and a closed one refuses it noisily.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1024,640"]


class Page:
    """One browser tab: ``evaluate`` a script in it, ``screenshot`` it."""

    def __init__(self, socket):
        self._socket = socket
        self._id = 0
        self.requested: list[str] = []  # every address the page asked for

    async def call(self, method: str, **params):
        self._id += 1
        await self._socket.send_json({"id": self._id, "method": method, "params": params})
        while True:
            message = await self._socket.receive_json()
            if message.get("method") == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])
            if message.get("id") == self._id:
                return message.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression)
        return result["result"].get("value")

    async def screenshot(self) -> bytes:
        return base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])


async def open_page(url: str, until: str, *, settle: float = 1.0, timeout: float = 30.0):
    """Open ``url`` in a fresh headless Chromium, wait until the script ``until`` is true and
    ``settle`` seconds more, and return the page and a screenshot of it."""
    profile = tempfile.mkdtemp(prefix="breachsim-browser-")
    browser = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = _devtools_port(Path(profile), timeout)
        async with aiohttp.ClientSession() as http:
            targets = await (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
            address = next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]
            async with http.ws_connect(address, max_msg_size=0) as socket:
                page = Page(socket)
                await page.call("Network.enable")
                await page.call("Page.navigate", url=url)
                deadline = time.monotonic() + timeout
                while not await page.evaluate(until):
                    assert time.monotonic() < deadline, f"the page never got to: {until}"
                    await asyncio.sleep(0.25)
                await asyncio.sleep(settle)
                return page, await page.screenshot()
    finally:
        browser.terminate()
        browser.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_port(profile: Path, timeout: float) -> int:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while not (marker.exists() and marker.read_text().strip()):
        assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
        time.sleep(0.1)
    return int(marker.read_text().split()[0])


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, chunks, header = 8, [], None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and not interlace, "an unexpected PNG layout"
    step = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(b"".join(chunks)), width * step, [], None
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        above = previous or bytes(stride)
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = above[x], (above[x - step] if x >= step else 0)
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                near = min((abs(p - left), left), (abs(p - up), up), (abs(p - corner), corner),
                           key=lambda pair: pair[0])
                line[x] = (line[x] + near[1]) & 0xFF
        previous = bytes(line)
        rows.append(b"".join(previous[i:i + 3] for i in range(0, stride, step)))
    return width, height, rows
