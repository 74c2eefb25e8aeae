"""The page's language and the text of a model in it.

Content is entered in Russian and Kazakh (some reference data also in English), and either may
be missing: a Kazakh page shows the Kazakh text, else the Russian; a Russian page the Russian,
else the Kazakh; an English page the English where there is one, else the Russian.
"""

from __future__ import annotations

from django.utils import translation


def current_language() -> str:
    """ "ru", "kk" or "en" (the active language without a region part; Russian outside a request)."""
    return (translation.get_language() or "ru").split("-")[0]


def localized(obj, field: str) -> str:
    """``obj.<field>_<language>``, falling back to the Russian and then the Kazakh text."""
    for language in (current_language(), "ru", "kk"):
        value = getattr(obj, f"{field}_{language}", None)
        if value:
            return value
    return ""
