"""Reading settings from the environment: each helper turns a variable into a typed value
or stops start-up with ImproperlyConfigured naming the variable (used by settings.py only)."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """A limit "COUNT/SECONDS" from the environment; "" or "off" means none."""
    value = env(name, default).strip()
    if value in ("", "off"):
        return None
    try:
        count, seconds = (int(part) for part in value.split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be COUNT/SECONDS or off, not {value!r}") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"{name} needs a count and seconds of at least 1")
    return count, seconds
