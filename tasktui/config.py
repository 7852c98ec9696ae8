"""User settings for the terminal UI, read from a TOML file the caller names.

    # ~/.config/tasktui/config.toml
    theme = "textual-light"

    [keymap]            # binding id = key(s), e.g. to move "assign" off `a`
    assign = "enter,a"
    search = "ctrl+f"

Nothing here reads a global path by itself: `default_config_path()` only says where the
file usually lives, and `load_config(path)` reads exactly the file it is given.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """The config file exists but cannot be used (malformed TOML, wrong types)."""


@dataclass
class UiConfig:
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    poll_seconds: float = 1.5


def default_config_path(home: Path | None = None) -> Path:
    """Where the config usually lives (XDG style); the caller decides whether to use it."""
    return (home or Path.home()) / ".config" / "tasktui" / "config.toml"


def load_config(path: Path | None) -> UiConfig:
    """Read `path`; a missing file (or None) means defaults."""
    if path is None or not path.exists():
        return UiConfig()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    keymap_raw = doc.get("keymap", {})
    if not isinstance(keymap_raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap_raw.items()
    ):
        raise ConfigError(f"{path}: [keymap] must map binding ids to key strings")
    theme = doc.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{path}: theme must be a string")
    poll = doc.get("poll_seconds", 1.5)
    if not isinstance(poll, (int, float)) or poll <= 0:
        raise ConfigError(f"{path}: poll_seconds must be a positive number")
    return UiConfig(keymap=dict(keymap_raw), theme=theme, poll_seconds=float(poll))
