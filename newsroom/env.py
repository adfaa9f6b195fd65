"""Reading the environment for ``newsroom/settings.py``: yes/no values, lists and
whole numbers with clear errors, optional extras, the development secret key."""

import importlib.util
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# A development key starts with this prefix, so ``check --deploy`` flags it and the
# WSGI/ASGI entry points refuse to serve with it when DEBUG is off.
DEV_SECRET_KEY_PREFIX = "django-insecure-"  # noqa: S105 - a marker, not a key


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable; unknown spellings are an error, not False."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1 or 0).")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, ignoring blanks."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: it must be at least {minimum}.")
    return number


def installed(module: str) -> bool:
    """Whether an optional production piece (an extra in pyproject.toml) is present."""
    return importlib.util.find_spec(module) is not None


def development_secret_key(base_dir: Path) -> str:
    """A per-checkout key kept in var/ (git-ignored) so sessions survive restarts."""
    path = base_dir / "var" / "dev-secret-key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(exist_ok=True)
        key = DEV_SECRET_KEY_PREFIX + secrets.token_urlsafe(50)
        path.write_text(key)
        return key
