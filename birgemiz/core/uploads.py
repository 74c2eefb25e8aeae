"""Names of uploaded files.

A file is stored under a name whose extension comes from what the file *is* (its first bytes),
never from the name the uploader gave it: media is served from the site's own domain, and a
PNG named ``x.html`` with a script inside would otherwise be served as a web page.
"""

from __future__ import annotations

import io
import uuid

# Content types we accept anywhere, by their first bytes, and the extension they are stored with.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
# Pillow's names of the image formats we keep.
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg", "WEBP": "image/webp"}
SAFE_EXTENSIONS = frozenset(EXTENSIONS.values()) | {"jpeg", "gif"}


def sniff(upload) -> str | None:
    """The content type the file's first bytes show, or None if it is none we accept."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def name_by_content(upload, content_type: str) -> None:
    """Rename the upload (before it is saved) so its extension is the one of its real type; the
    name the person gave it stays in ``original_name``, for display."""
    upload.original_name = getattr(upload, "original_name", None) or upload.name
    upload.name = f"upload.{EXTENSIONS[content_type]}"


#: The most pixels a picture may have: decoding one costs memory in proportion (40 MP ≈ 160 MB).
MAX_PICTURE_PIXELS = 40_000_000


class PictureTooLarge(ValueError):
    """More pixels than ``MAX_PICTURE_PIXELS`` (a few MB of PNG can hold a billion pixels)."""


def without_metadata(upload, content_type: str):
    """The picture re-encoded without its metadata, turned upright as its EXIF said: a phone's
    photo carries where and when it was taken, the device, sometimes the owner's name. Raises
    ``PictureTooLarge`` before decoding too many pixels, and ``OSError``/``ValueError``
    (Pillow's) when the file is not a readable picture."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    upload.seek(0)
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError as error:
        raise PictureTooLarge from error
    with image:
        if image.width * image.height > MAX_PICTURE_PIXELS:
            raise PictureTooLarge
        image.load()
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        fmt = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}[content_type]
        if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
            upright, icc = upright.convert("RGB"), None  # a CMYK profile would miscolour RGB
        out = io.BytesIO()
        options = {"quality": 90, "optimize": True, "comment": b""} if fmt == "JPEG" else {}
        upright.save(out, fmt, **options, **({"icc_profile": icc} if icc else {}))
    clean = ContentFile(out.getvalue(), name=f"upload.{EXTENSIONS[content_type]}")
    clean.original_name = getattr(upload, "original_name", None) or upload.name
    return clean


CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}


def content_type_of(stored_name: str) -> str:
    """The type a stored file was found to be (its extension was chosen by its first bytes)."""
    return CONTENT_TYPES.get(stored_name.rsplit(".", 1)[-1], "application/octet-stream")


def safe_extension(filename: str) -> str:
    """The name's extension if it is one we serve as what it claims, else ``bin``.

    The upload_to functions call this as the last guard: files that did not go through a
    service (the admin, a script) still never get an extension a browser would run."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in SAFE_EXTENSIONS else "bin"


def upload_path(folder: str, filename: str, *, stem: str | None = None) -> str:
    """``folder/stem.ext`` with a random stem unless one is given; a person's file name may say
    more than it should."""
    return f"{folder}/{stem or uuid.uuid4().hex}.{safe_extension(filename)}"


def private_storage():
    """Files never served from ``/media/``: views hand them out after a permission check."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
