"""Sending a rendition's bytes, the way Wagtail serves documents: never streamed through Python
in production.

`MEDIA_LIBRARY_SERVE_METHOD`:
- "django" (default, development): a response that honours HTTP Range (206) for resumable
  downloads and for seeking in the player;
- "x-accel": an empty response with `X-Accel-Redirect` to `MEDIA_LIBRARY_X_ACCEL_PREFIX` +
  the file's name; nginx sends the file (and handles Range itself);
- storage without local paths (S3 through django-storages): a redirect to a signed, expiring
  object-storage URL that names the file for the browser.

The same paths serve downloads (`as_attachment=True`) and the player (`as_attachment=False`):
renditions and originals are never served directly under MEDIA_URL. A HEAD request gets the
headers (length, Accept-Ranges, Content-Disposition) without the bytes.
"""

import mimetypes
import os
import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def serve_rendition(request, rendition, filename, as_attachment=True):
    storage = rendition.file.storage
    name = rendition.file.name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        path = storage.path(name)
    except NotImplementedError:
        return HttpResponseRedirect(
            signed_storage_url(storage, name, filename, content_type, as_attachment)
        )
    if settings.MEDIA_LIBRARY_SERVE_METHOD == "x-accel":
        prefix = settings.MEDIA_LIBRARY_X_ACCEL_PREFIX
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix + quote(name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        return response
    return ranged_file_response(request, path, filename, content_type, as_attachment)


def signed_storage_url(storage, name, filename, content_type, as_attachment=True):
    parameters = {
        "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
        "ResponseContentType": content_type,
    }
    try:
        return storage.url(name, parameters=parameters)
    except TypeError:  # a storage whose url() takes no parameters
        return storage.url(name)


def ranged_file_response(request, path, filename, content_type, as_attachment=True):
    """The whole file (200), one byte range of it (206), or 416 for a range beyond its end;
    for HEAD, the same headers without the bytes.

    Players need the ranges to seek; `as_attachment=False` serves a file to show in the page."""
    size = os.path.getsize(path)
    byte_range = requested_range(request.headers.get("Range", ""), size)
    if byte_range == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = byte_range or (0, size - 1)
    status = 206 if byte_range else 200
    if request.method == "HEAD":
        response = HttpResponse(status=status)
    else:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the response)
        handle.seek(first)
        body = _limited(handle, last - first + 1) if byte_range else handle
        response = FileResponse(body, status=status)
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Type"] = content_type
    response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


UNSATISFIABLE = (None, None)


def requested_range(header, size):
    """(first, last) byte asked for by a Range header; None without a (valid) one, such as
    `bytes=100-50` (the whole file is then sent), and UNSATISFIABLE when the range starts
    beyond the end of the file (416)."""
    match = RANGE.match(header.strip()) if header else None
    if not match or not any(match.groups()):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        first, last = max(0, size - int(last)), size - 1
    elif last and int(last) < int(first):  # an invalid range: ignored (RFC 9110, 14.2)
        return None
    else:
        first, last = int(first), min(int(last) if last else size - 1, size - 1)
    if first >= size or first > last:
        return UNSATISFIABLE
    return first, last


def _limited(handle, length):
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()
