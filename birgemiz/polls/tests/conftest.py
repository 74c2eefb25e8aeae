import pytest

from birgemiz.polls.tests.factories import make_poll


@pytest.fixture
def poll(db, editor):
    return make_poll(editor)


@pytest.fixture
def answers(poll):
    return list(poll.answers.all())


@pytest.fixture
def official_of_akimat(db, official):
    """The named ``official`` as an editor of an akimat (a state body)."""
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import StateBodyFactory, member

    member(
        StateBodyFactory(name_ru="Акимат Карагандинской области", slug="karaganda-akimat"),
        official,
        MemberRole.EDITOR,
    )
    return official
