"""The real embedding model behind the proposals' suggestions: the task stores a vector on
save, and a title typed in Kazakh finds the Russian proposal that asks the same."""

import pytest

from birgemiz.proposals import selectors
from birgemiz.proposals.tasks import embed_proposal
from birgemiz.proposals.tests.factories import make_proposal

pytestmark = pytest.mark.django_db


def test_typed_titles_find_the_same_request_in_either_language(citizen, body):
    from birgemiz.proposals import similarity

    selectors.similarity_index.invalidate()
    elderly = make_proposal(
        author=citizen, addressee=body,
        title="Социальные услуги на дому для пожилых людей",
        text="Просим расширить обслуживание на дому одиноких пожилых людей и людей с инвалидностью.",
    )  # fmt: skip
    roads = make_proposal(
        author=citizen, addressee=body,
        title="Отремонтировать дорогу на улице Абая",
        text="Дорожное покрытие на улице Абая разрушено, нужен капитальный ремонт.",
    )  # fmt: skip
    for proposal in (elderly, roads):
        embed_proposal.call(proposal_id=proposal.pk)
        proposal.refresh_from_db()
        assert len(proposal.embedding) == 384 * 4
        assert proposal.embedding_version == similarity.EMBEDDING_VERSION
    found = [p.pk for p, _score in selectors.similar_proposals("Қарттарға үйде әлеуметтік қызмет көрсету")]
    assert found[:1] == [elderly.pk]
    found = [p.pk for p, _score in selectors.similar_proposals("Ремонт дороги по улице Абая")]
    assert found[:1] == [roads.pk]
    assert selectors.similar_proposals("Открыть новый музей современного искусства") == []
