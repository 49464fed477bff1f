"""Secrets at rest (private keys, destination passwords), encrypted with CONSOLE_ENCRYPTION_KEY.

Fernet (AES-128-CBC + HMAC-SHA256, RFC-style tokens) through MultiFernet: the first
configured key encrypts, every key decrypts, so a key is rotated by putting the new
one first, re-encrypting (``rotate``), then dropping the old one.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret was encrypted under a key that is no longer configured."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.CONSOLE_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise SecretUnreadable(
            "A stored secret cannot be decrypted with the configured CONSOLE_ENCRYPTION_KEY "
            "(was the key changed without keeping the old one?)."
        ) from None


def rotate(token: str) -> str:
    """The same secret, re-encrypted under the first configured key."""
    try:
        return _current().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise SecretUnreadable("A stored secret cannot be decrypted with any configured key.") from None
