"""Long secrets as password managers generate them (100+ characters), made the same on every run."""

from __future__ import annotations

import random
import string

ALPHABET = string.ascii_letters + string.digits + string.punctuation


def random_secret(length: int, seed: int = 0) -> str:
    """A random secret of ``length`` characters from letters, digits and punctuation, the same for each seed."""
    rng = random.Random(f"{seed}-{length}")
    return "".join(rng.choice(ALPHABET) for _ in range(length))
