"""The player's console in a browser: a small web server (textual-serve) that starts one
``breachsim join`` process for each open page and streams its screen to the page.

The page is our own (``web/index.html``): textual-serve's asks a font host for its font, and
nothing of breachsim may reach the network; the font comes from textual-serve's own files.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import secrets
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

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


def serve(command: str, *, host: str, port: int, page: dict[str, str], players: int,
          announce: Callable[[str], None]) -> None:
    """Serve ``command`` (a shell command line that opens the app) on ``host:port`` until
    Ctrl+C or SIGTERM, to at most ``players`` pages at once. ``page`` holds the page's texts
    (``lang``, ``title``, ``opening``, ``closed``, ``again``, ``full``); ``announce`` prints
    the address, once the server listens there.

    The address holds a random key: only who was given it finds the page. A console's
    socket is refused to a page another site served (its Origin is not this server), so a
    web page a player visits cannot drive their console through their browser."""
    import aiohttp_jinja2
    import jinja2
    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server

    key = secrets.token_urlsafe(9)
    pages: set[asyncio.Task] = set()

    class PlayerServer(Server):
        async def _make_app(self) -> web.Application:
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([web.get(f"/{key}/", self.handle_index),
                            web.get(f"/{key}/ws", self.handle_websocket),
                            web.static("/static", self.statics_path)])
            return app

        async def handle_index(self, request):
            """The page, with addresses relative to wherever the browser found it (the
            template engine escapes the scenario's title)."""
            if len(pages) >= players:
                return web.Response(text=page["full"], status=503)
            size = request.query.get("fontsize", "")
            return aiohttp_jinja2.render_template("index.html", request, {
                "static": "/static/", "page": page, "socket": f"/{key}/ws",
                "font_size": int(size) if size.isdigit() and 6 <= int(size) <= 48 else 16})

        async def handle_websocket(self, request):
            """One page's console, remembered so that stopping the server ends it."""
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                raise web.HTTPForbidden(text="a page of another site may not open a console")
            if len(pages) >= players:
                raise web.HTTPServiceUnavailable(text=page["full"])
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
            announce(f"serving {page['title']} on http://{_shown(host)}:{port}/{key}/ "
                     "(Ctrl+C stops)")
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
