"""Upload size cap, enforced while the request body streams in."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest


class CappedUploadHandler(FileUploadHandler):
    """Stops an uploaded file at ``CONSOLE_UPLOAD_MAX_BYTES``.

    The chunks seen so far are dropped and the rest of the body is discarded
    unread into memory, so a huge upload costs neither memory nor disk. The
    view learns of it through ``upload_refused(request)`` and says so.
    """

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        limit = settings.CONSOLE_UPLOAD_MAX_BYTES
        if start + len(raw_data) > limit:
            self.request.upload_over_cap = self.file_name
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_refused(request: HttpRequest) -> str | None:
    """The message for a file stopped by the cap, or None."""
    file_name = getattr(request, "upload_over_cap", None)
    if file_name is None:
        return None
    return f"The file {file_name!r} is larger than the {format_size(settings.CONSOLE_UPLOAD_MAX_BYTES)} limit " \
        "(CONSOLE_UPLOAD_MAX_BYTES). Nothing was imported."


def format_size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size:,} bytes"
