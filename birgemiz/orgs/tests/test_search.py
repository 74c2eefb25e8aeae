"""Search ignores quotes, legal-form prefixes and case, and matches Russian word forms."""

import pytest

from birgemiz.orgs import selectors
from birgemiz.orgs.models import LegalForm
from birgemiz.orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    fund = LegalForm.objects.get(code="public_foundation")
    made = {
        "ana": OrganisationFactory(name_ru="Ана Үйі", name_kk="Ана Үйі", legal_form=fund),
        "luch": OrganisationFactory(name_ru="Женский луч"),
        "women": OrganisationFactory(name_ru="Женщины – за будущее нации"),
        "citizens": OrganisationFactory(name_ru="Граждане Казахстана"),
        "batyr": OrganisationFactory(name_ru="Батыр"),
    }
    return made


def names(query):
    return {o.name_ru for o in selectors.org_list(selectors.OrgFilters(q=query))}


@pytest.mark.parametrize("query", ["Ана Үйі", "ана үйі", "«Ана Үйі»", '"Ана Үйі"', "ОФ «Ана Үйі»", "ОФ Ана"])
def test_quotes_legal_forms_and_case_are_ignored(orgs, query):
    assert names(query) == {"Ана Үйі"}


def test_russian_word_forms_match(orgs):
    assert names("женщин") == {"Женский луч", "Женщины – за будущее нации"}
    assert names("женщина") == {"Женский луч", "Женщины – за будущее нации"}
    assert names("гражданский") == {"Граждане Казахстана"}
    assert names("казахстанские граждане") == {"Граждане Казахстана"}


def test_every_word_must_match_and_a_beginning_is_enough(orgs):
    assert names("женский луч") == {"Женский луч"}
    assert names("бат") == {"Батыр"}
    assert names("луч нации") == set()


def test_search_by_bin(orgs):
    assert names(orgs["batyr"].bin) == {"Батыр"}


def test_names_update_the_search_words(orgs, editor):
    from birgemiz.orgs import services

    services.org_update(actor=editor, org=orgs["batyr"], data={"name_ru": "Жастар кеңесі"})
    assert names("батыр") == set()
    assert names("жастар") == {"Жастар кеңесі"}
