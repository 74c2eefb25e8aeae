"""``comments_count`` counts visible comments only: comments hidden before (three reports hid
them, and the count kept them) are taken off once."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def recount(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Comment = apps.get_model("proposals", "Comment")
    visible = (
        Comment.objects.filter(proposal=OuterRef("pk"), hidden=False)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    touched = Proposal.objects.filter(Q(comments_count__gt=0) | Q(comments__isnull=False)).distinct()
    Proposal.objects.filter(pk__in=touched.values("pk")).update(
        comments_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_comment_reported")]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
