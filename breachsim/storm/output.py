"""The storm as text: one JSON line per post (canonical, so the same storm gives the same
bytes), or a feed a person reads in a terminal."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ..scenario.durations import format_offset
from ..util import printable
from .items import Post


def jsonl(post: Post) -> str:
    return json.dumps(post.as_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _line(text: str) -> str:
    """One line, with control characters (escape sequences among them) escaped."""
    return " ".join(printable(text).split())


def _followers(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M"
    if count >= 1_000:
        return f"{count / 1_000:.1f}k"
    return str(count)


def feed_line(post: Post, start: datetime) -> str:
    """``T+02:14 07:04  microblog  @handle (persona, 1.2k): text``; news with its outlet and
    headline, contacts and requests with what they ask and by when."""
    local = start + timedelta(seconds=post.t)
    author = post.author
    if post.kind == "article":
        who = f"{post.outlet} ({author.name})" if author.persona != "newsroom" else post.outlet
        body = f"{post.headline} — {post.text}"
    elif post.kind == "flash":
        who, body = str(post.outlet), post.text
    elif post.kind == "inquiry":
        due = start + timedelta(seconds=post.due or post.t)
        who = f"{author.name}, {post.outlet}, asks for comment by {due:%H:%M} [{post.id}]"
        body = post.text
    elif post.channel == "contact":
        due = (f", due {start + timedelta(seconds=post.due):%Y-%m-%d}"
               if post.due is not None else "")
        who = f"{author.name} ({post.kind}{due}) [{post.id}]"
        body = post.text
    else:
        who = f"{author.handle} ({author.persona}, {_followers(author.followers)})"
        body = post.text
    return (f"{format_offset(post.t - post.t % 60):<9} {local:%H:%M}  {post.channel:<9}  "
            f"{_line(who)}: {_line(body)}")
