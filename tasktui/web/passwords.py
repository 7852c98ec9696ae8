"""Password hashes for the web users file: scrypt from the standard library.

A hash is stored as `scrypt$N$r$p$salt$key` (salt and key in base64), so its cost
travels with it and can be raised later without breaking old entries. scrypt (RFC 7914)
is memory-hard and needs no extra dependency; argon2 would need argon2-cffi.

`verify` is also run against `DUMMY` when the user does not exist, so a wrong password
and an unknown user cost the same time (the login page answers both the same way).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Interactive-login cost (~50 ms, 16 MiB on this machine's cores): OWASP's scrypt floor.
N, R, P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MAX_PASSWORD_CHARS = 1024  # longer input is refused before hashing: no work amplification
MIN_PASSWORD_CHARS = 8
PREFIX = "scrypt"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, N, R, P)
    return f"{PREFIX}${N}${R}${P}${_b64(salt)}${_b64(key)}"


def is_hash(value: object) -> bool:
    """Whether `value` has the shape of a stored hash (the users file is checked on load)."""
    if not isinstance(value, str):
        return False
    parts = value.split("$")
    return len(parts) == 6 and parts[0] == PREFIX and all(p.isdigit() for p in parts[1:4])


def verify(password: str, stored: str) -> bool:
    """Whether `password` matches `stored`. Never raises for a malformed entry: False."""
    if len(password) > MAX_PASSWORD_CHARS or not is_hash(stored):
        return False
    _, n, r, p, salt, key = stored.split("$")
    try:
        expected = base64.b64decode(key, validate=True)
        derived = _derive(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, expected)


def password_problem(password: str) -> str | None:
    """Why `password` cannot be set, in one Chinese line, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"密码至少 {MIN_PASSWORD_CHARS} 个字符"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"密码不能超过 {MAX_PASSWORD_CHARS} 个字符"
    if password != password.strip():
        return "密码首尾不能有空格"
    return None


# A real hash of a random password nobody knows: what an unknown user is checked against.
DUMMY = hash_password(secrets.token_urlsafe(24))

__all__ = ["DUMMY", "hash_password", "is_hash", "password_problem", "verify"]
