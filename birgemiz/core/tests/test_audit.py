import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from birgemiz.core.audit import audit
from birgemiz.core.models import AuditLog
from birgemiz.geo.models import Region


@pytest.mark.django_db
def test_audit_records_actor_target_and_details(django_user_model):
    staff = django_user_model.objects.create_user("staff@example.kz", "x" * 12, is_staff=True)
    region = Region.objects.get(slug="pavlodar")
    entry = audit(actor=staff, action="region.renamed", target=region, old="a", new="b")
    assert entry.actor == staff
    assert entry.target_type == "geo.region"
    assert entry.target_id == str(region.pk)
    assert entry.details == {"old": "a", "new": "b"}


@pytest.mark.django_db
def test_admin_actions_are_copied_to_the_audit_log(django_user_model):
    staff = django_user_model.objects.create_user("staff@example.kz", "x" * 12, is_staff=True)
    region = Region.objects.get(slug="karaganda")
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[region], action_flag=CHANGE, change_message="renamed", single_object=True
    )
    row = AuditLog.objects.get(action="admin.change")
    assert row.actor == staff and row.target_id == str(region.pk)
    assert ContentType.objects.get_for_model(Region).model == "region"
