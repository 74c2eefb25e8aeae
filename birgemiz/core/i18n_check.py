"""Finds the messages of our code and templates that lack a translation.

Extraction works like ``makemessages``: Python files are read by Babel's Python extractor,
templates are first turned into Python by Django's own ``templatize`` (what makemessages
hands to xgettext). Every message found must have a non-empty, non-fuzzy translation in each
language's ``django.po``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SKIP_PARTS = {"migrations", "tests", "locale", "static", "__pycache__"}


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None
    where: str


def _messages_in_python(source: str, where: str):
    messages = extract_python(io.BytesIO(source.encode()), KEYWORDS.keys(), [], {})
    for lineno, funcname, args, _comments in messages:
        spec = KEYWORDS.get(funcname)
        args = args if isinstance(args, tuple) else (args,)
        context = None
        if spec and isinstance(spec[0], tuple):  # pgettext family: (context, msgid, ...)
            context, args = args[0], args[1:]
        msgid = args[0] if args else None
        if isinstance(msgid, str) and msgid:
            yield Message(msgid, context, f"{where}:{lineno}")


def extract(root: Path) -> list[Message]:
    found: list[Message] = []
    for path in sorted(root.rglob("*")):
        if SKIP_PARTS & set(path.relative_to(root).parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            found.extend(_messages_in_python(path.read_text(encoding="utf-8"), str(path.relative_to(root))))
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            found.extend(_messages_in_python(code, str(path.relative_to(root))))
    return found


def untranslated(root: Path, po_file: Path) -> list[Message]:
    """Messages under ``root`` without a usable translation in ``po_file``."""
    with po_file.open("rb") as fh:
        catalog = read_po(fh)
    missing = []
    for message in extract(root):
        entry = catalog.get(message.msgid, context=message.context)
        strings = entry.string if entry is not None else None
        ok = all(strings) if isinstance(strings, tuple | list) else bool(strings)
        if entry is None or not ok or entry.fuzzy:
            missing.append(message)
    return missing
