"""Which text of a bilingual record a page shows."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from birgemiz.core.i18n import current_language, localized


@pytest.mark.parametrize(
    ("language", "record", "shown"),
    [
        ("kk", {"name_ru": "Форум", "name_kk": "Форумы"}, "Форумы"),
        ("kk", {"name_ru": "Форум", "name_kk": ""}, "Форум"),
        ("ru", {"name_ru": "", "name_kk": "Форумы"}, "Форумы"),
        ("en", {"name_ru": "Форум", "name_kk": "Форумы", "name_en": "Forum"}, "Forum"),
        ("en", {"name_ru": "Форум", "name_kk": "Форумы"}, "Форум"),  # no English field at all
        ("ru", {"name_ru": "", "name_kk": ""}, ""),
    ],
)
def test_the_page_language_first_then_russian_then_kazakh(language, record, shown):
    with translation.override(language):
        assert localized(SimpleNamespace(**record), "name") == shown


def test_current_language_drops_the_region_part():
    with translation.override("kk-kz"):
        assert current_language() == "kk"
