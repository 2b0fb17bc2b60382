"""Read what an AppTest download button would deliver: the bytes behind `st.download_button`, deferred or not."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit.testing.v1.app_test as app_test
from streamlit.runtime.media_file_manager import MediaFileManager


class MediaRecorder:
    """Keeps every MediaFileManager an AppTest run creates, so files can be read after the run ends."""

    def __init__(self) -> None:
        self.managers: list[MediaFileManager] = []

    def download(self, button) -> bytes:
        """The bytes a click on `button` (an AppTest download button) would download."""
        return self.file(button)[1]

    def file(self, button) -> tuple[str, bytes]:
        """The file name and bytes a click on `button` would download."""
        proto = button.proto
        for manager in reversed(self.managers):
            try:
                if proto.deferred_file_id:
                    url = manager.execute_deferred(proto.deferred_file_id)
                else:
                    url = proto.url
                stored = manager._storage.get_file(url.rsplit("/", 1)[-1])  # noqa: SLF001 - test access
                return stored.filename or "", stored.content
            except Exception:  # noqa: BLE001 - the file belongs to another run's manager
                continue
        raise AssertionError(f"no file behind download button {button.label!r}")


@contextlib.contextmanager
def recording_media(monkeypatch) -> Iterator[MediaRecorder]:
    """Patch AppTest so that the media file managers of its runs are kept (see `MediaRecorder`)."""
    recorder = MediaRecorder()

    class Recorded(MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            recorder.managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recorded)
    yield recorder
