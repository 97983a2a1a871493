"""Password hashing (argon2id) and the password rules."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.kit.errors import FieldError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("no-such-user-dummy-password")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Without a hash (unknown user) the same work is done, so
    that the answer time does not tell whether an account exists."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(
    password: str, *, min_length: int, username: str = "", field: str = "password"
) -> list[FieldError]:
    """Chinese messages for a new password that is not acceptable (empty list: acceptable)."""
    if len(password) < min_length:
        return [FieldError(field, f"密码至少需要{min_length}个字符", "password_too_short")]
    if len(password) > 256:
        return [FieldError(field, "密码不能超过256个字符", "password_too_long")]
    if username and username.lower() in password.lower():
        return [FieldError(field, "密码不能包含用户名", "password_contains_username")]
    if len(set(password)) < 4:
        return [FieldError(field, "密码过于简单，请使用更多不同的字符", "password_too_simple")]
    return []
