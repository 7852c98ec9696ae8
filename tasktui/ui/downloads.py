"""What the app's web mode sends to the browser instead of writing a file on the server:
a name (no folder: the browser's downloads folder is the user's business), the bytes
and their type. No textual here; the app delivers it (`TaskTuiApp.deliver`)."""

from __future__ import annotations

from dataclasses import dataclass

ZIP_MIME = "application/zip"


@dataclass(frozen=True)
class Download:
    name: str
    data: bytes
    mime: str

    def sent_words(self) -> str:
        """What the toast says: the file's name, never a path."""
        return f"已发送到浏览器下载: {self.name}"


__all__ = ["ZIP_MIME", "Download"]
