"""Keyed randomness: each generator derives its own seed from (session seed, what, key).

Adding a generator elsewhere never changes what another produces (architecture rule 4).
"""

from __future__ import annotations

import hashlib
import random


def derive(seed: int, *keys: object) -> int:
    text = "\x1f".join([str(seed), *map(str, keys)])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def rng(seed: int, *keys: object) -> random.Random:
    return random.Random(derive(seed, *keys))
