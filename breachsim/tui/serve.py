"""The player's console in a browser: a small web server (textual-serve) that starts one
``breachsim join`` process for each open page and streams its screen to the page.

The page is our own (``web/index.html``): textual-serve's asks a font host for its font, and
nothing of breachsim may reach the network; the font comes from textual-serve's own files.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import signal
import socket
from collections.abc import Callable
from pathlib import Path

PAGE = Path(__file__).parent / "web"


class ServeError(Exception):
    """Why the server could not start, in a line for the user."""


def check_textual_serve() -> None:
    """ImportError when the serve extra is not installed."""
    import textual_serve  # noqa: F401


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(command: str, *, host: str, port: int, page: dict[str, str],
          announce: Callable[[str], None]) -> None:
    """Serve ``command`` (a shell command line that opens the app) on ``host:port`` until
    Ctrl+C or SIGTERM. ``page`` holds the page's texts (``lang``, ``title``, ``opening``,
    ``closed``, ``again``); ``announce`` prints where the server listens, once it does."""
    import aiohttp_jinja2
    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server

    pages: set[asyncio.Task] = set()

    class PlayerServer(Server):
        async def handle_index(self, request):
            """The page, with addresses relative to wherever the browser found it (the
            template engine escapes the scenario's title)."""
            size = request.query.get("fontsize", "")
            return aiohttp_jinja2.render_template("index.html", request, {
                "static": "/static/", "page": page,
                "font_size": int(size) if size.isdigit() and 6 <= int(size) <= 48 else 16})

        async def on_startup(self, app) -> None:
            """Nothing: ``serve`` says where it listens once it does."""

        async def handle_websocket(self, request):
            """One page's console, remembered so that stopping the server ends it."""
            pages.add(asyncio.current_task())
            try:
                return await super().handle_websocket(request)
            finally:
                pages.discard(asyncio.current_task())

    server = PlayerServer(command, host=host, port=port, title=page["title"],
                          statics_path=Path(textual_serve.__file__).parent / "static",
                          templates_path=PAGE)

    async def run() -> None:
        runner = web.AppRunner(await server._make_app(), handle_signals=False)
        await runner.setup()
        try:
            await _listen(web.TCPSite(runner, host, port), host, port)
            announce(f"serving {page['title']} on http://{_shown(host)}:{port}/ (Ctrl+C stops)")
            stop = asyncio.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                asyncio.get_running_loop().add_signal_handler(signum, stop.set)
            await stop.wait()
        finally:
            for console in pages:  # each quits its app process on the way out
                console.cancel()
            await asyncio.gather(*pages, return_exceptions=True)
            await runner.cleanup()

    asyncio.run(run())


async def _listen(site, host: str, port: int) -> None:
    try:
        await site.start()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is in use by another program; "
                             "choose another with --port") from None
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def _shown(host: str) -> str:
    """``host`` as a browser's address bar takes it: the machine's name for every address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
