"""Where the user's config file usually lives (`default_config_path`), apart from the
settings themselves (tasktui.config, which re-exports it): a command that only needs to
know whether there is a file (`tasktui list`: most users have none) does not load the
settings' classes and parser at start-up.
"""

from __future__ import annotations

from pathlib import Path


def default_config_path(home: Path | None = None) -> Path:
    """Where the config usually lives (XDG style); the caller decides whether to use it."""
    return (home or Path.home()) / ".config" / "tasktui" / "config.toml"


__all__ = ["default_config_path"]
