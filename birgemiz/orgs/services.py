"""Every write to the registry. Views, the API, the admin and the importer call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from birgemiz.accounts.emails import send_email_later
from birgemiz.core.audit import audit
from birgemiz.orgs import bin as bin_rules
from birgemiz.orgs import search
from birgemiz.orgs.choices import ClaimStatus, HistoryKind, MemberRole, OrgKind
from birgemiz.orgs.models import Membership, MembershipClaim, Organisation, OrgHistory

#: Fields a profile edit may set (``spheres`` and ``umbrellas`` are lists of objects).
PROFILE_FIELDS = (
    "kind", "state_body_kind", "name_ru", "name_kk", "short_name_ru", "short_name_kk", "legal_form",
    "parent", "bin", "registered_on", "region", "city", "address", "status", "status_since",
    "leader_name", "leader_title", "phone", "email", "website", "social_links", "description", "logo",
)  # fmt: skip
M2M_FIELDS = ("spheres", "umbrellas")


class OrgError(ValidationError):
    """A rule of the registry was broken; ``message_dict`` names the field when there is one."""


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def clean_bin(value: str | None, *, is_branch: bool, exclude_pk: int | None = None) -> str | None:
    """The normalised BIN, or None when empty; raises with a precise, translated reason."""
    value = bin_rules.normalise(value or "")
    if not value:
        return None
    bin_rules.validate_bin(value)
    bin_rules.validate_bin_for_branch(value, is_branch=is_branch)
    taken = Organisation.objects.filter(bin=value).exclude(pk=exclude_pk).first()
    if taken is not None:
        raise ValidationError(
            _("This BIN already belongs to %(name)s."), code="bin_taken", params={"name": taken.display_name}
        )
    return value


def validate_profile(data: dict[str, Any], *, instance: Organisation | None = None) -> dict[str, Any]:
    """Check the rules that tie fields together; returns ``data`` with the BIN normalised."""
    errors: dict[str, list[str]] = {}

    def get(field):
        return data[field] if field in data else getattr(instance, field, None)

    if not (get("name_ru") or "").strip() and not (get("name_kk") or "").strip():
        errors.setdefault("name_ru", []).append(_("Give the name in Russian or in Kazakh."))
    legal_form = get("legal_form")
    is_branch = bool(legal_form and legal_form.is_branch)
    if "bin" in data:
        try:
            data["bin"] = clean_bin(
                data["bin"], is_branch=is_branch, exclude_pk=getattr(instance, "pk", None)
            )
        except ValidationError as error:
            errors.setdefault("bin", []).extend(error.messages)
    parent = get("parent")
    if is_branch and parent is None:
        errors.setdefault("parent", []).append(_("A branch needs its head organisation."))
    if parent is not None and instance is not None and parent.pk == instance.pk:
        errors.setdefault("parent", []).append(_("An organisation cannot be its own head organisation."))
    city, region = get("city"), get("region")
    if city is not None and region is not None and city.region_id != region.pk:
        errors.setdefault("city", []).append(_("This city is not in the chosen region."))
    kind = get("kind")
    if get("state_body_kind") and kind != OrgKind.STATE_BODY:
        errors.setdefault("state_body_kind", []).append(_("Only a state body has a kind of state body."))
    if errors:
        raise OrgError(errors)
    if city is not None and region is None:
        data["region"] = city.region
    return data


def _unique_slug(base: str) -> str:
    slug = slugify(base, allow_unicode=False)[:60] or "org"
    candidate, n = slug, 2
    while Organisation.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _transliterate(text: str) -> str:
    table = str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g",
        "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    })  # fmt: skip
    return text.lower().translate(table)


def reindex(org: Organisation) -> None:
    org.search_text = search.index_text(
        org.name_ru, org.name_kk, org.short_name_ru, org.short_name_kk, org.bin or ""
    )


def _history(org, *, actor, kind, subject=None, before="", after="", text="") -> OrgHistory:
    return OrgHistory.objects.create(
        organisation=org, actor=actor, kind=kind, subject=subject,
        from_value=str(before or "")[:40], to_value=str(after or "")[:40], text=text,
    )  # fmt: skip


@transaction.atomic
def org_create(*, actor, data: dict[str, Any], history_kind: str = HistoryKind.CREATED) -> Organisation:
    """Add an organisation to the registry (staff, the importer, the API)."""
    data = validate_profile(dict(data))
    m2m = {field: data.pop(field) for field in M2M_FIELDS if field in data}
    org = Organisation(**{k: v for k, v in data.items() if k in PROFILE_FIELDS})
    org.slug = _unique_slug(_transliterate(org.short_name_ru or org.name_ru or org.name_kk))
    if org.status and not org.status_since:
        org.status_since = timezone.localdate()
    reindex(org)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as error:  # two people saved the same BIN at once
        raise OrgError({"bin": [_("This BIN already belongs to another organisation.")]}) from error
    for field, values in m2m.items():
        getattr(org, field).set(values)
    _history(org, actor=actor, kind=history_kind)
    audit(actor=actor, action="orgs.create", target=org)
    return org


@transaction.atomic
def org_update(*, actor, org: Organisation, data: dict[str, Any]) -> list[Change]:
    """Change an organisation's profile; history and audit say what changed."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    data = validate_profile(dict(data), instance=org)
    changes: list[Change] = []
    for field in PROFILE_FIELDS:
        if field in data and getattr(org, field) != data[field]:
            changes.append(Change(field, getattr(org, field), data[field]))
            setattr(org, field, data[field])
    status_change = next((c for c in changes if c.field == "status"), None)
    if status_change and "status_since" not in data:
        org.status_since = timezone.localdate()
    for field in M2M_FIELDS:
        if field in data:
            before = set(getattr(org, field).all())
            if before != set(data[field]):
                changes.append(Change(field, sorted(map(str, before)), sorted(map(str, data[field]))))
                getattr(org, field).set(data[field])
    if not changes:
        return changes
    reindex(org)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as error:
        raise OrgError({"bin": [_("This BIN already belongs to another organisation.")]}) from error
    if status_change:
        _history(
            org, actor=actor, kind=HistoryKind.STATUS, before=status_change.before, after=status_change.after
        )
    fields = [c.field for c in changes if c.field != "status"]
    if fields:
        _history(org, actor=actor, kind=HistoryKind.UPDATED, text=", ".join(fields))
    audit(actor=actor, action="orgs.update", target=org, fields=[c.field for c in changes])
    return changes


# ---- members and claims ------------------------------------------------------------------------


@transaction.atomic
def claim_submit(*, user, org: Organisation, role: str, note: str, document=None) -> MembershipClaim:
    """ "This is my organisation": a verified person asks to be confirmed as ``role``."""
    if not user.is_verified:
        raise OrgError(_("Confirm your e-mail address first."))
    if role not in MemberRole.values:
        raise OrgError({"role": [_("Choose a role from the list.")]})
    if not (note or "").strip():
        raise OrgError({"note": [_("Tell the moderator who you are in the organisation.")]})
    if Membership.objects.filter(organisation=org, user=user).exists():
        raise OrgError(_("You are already a confirmed member of this organisation."))
    claim = MembershipClaim(organisation=org, user=user, role=role, note=note.strip())
    if document:
        claim.document = document
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as error:  # the partial unique constraint: one pending claim per person
        raise OrgError(_("Your claim is already waiting for a moderator.")) from error
    _history(org, actor=user, kind=HistoryKind.CLAIM_SUBMITTED, subject=user, after=role)
    return claim


def _notify_claimant(claim: MembershipClaim) -> None:
    """Tell the person the decision, in their language, through the mail task."""
    user = claim.user
    if not user.email:
        return
    with translation.override(user.preferred_language or "ru"):
        context = {
            "full_name": user.full_name,
            "approved": claim.status == ClaimStatus.APPROVED,
            "organisation": claim.organisation.display_name,
            "role": str(MemberRole(claim.role).label),
            "reason": claim.reason,
            "url": settings.SITE_URL.rstrip("/") + claim.organisation.get_absolute_url(),
        }
    send_email_later("org_claim_decided", to=user.email, language=user.preferred_language, context=context)


@transaction.atomic
def claim_decide(*, moderator, claim: MembershipClaim, approve: bool, reason: str = "") -> MembershipClaim:
    """A moderator approves (the person becomes a member in the role asked) or rejects with a reason."""
    claim = (
        MembershipClaim.objects.select_for_update().select_related("organisation", "user").get(pk=claim.pk)
    )
    if claim.status != ClaimStatus.PENDING:
        raise OrgError(_("This claim has already been decided."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise OrgError({"reason": [_("Say why the claim is rejected: the person will read it.")]})
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.reason = reason
    claim.decided_by = moderator
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    org = claim.organisation
    if approve:
        membership, created = Membership.objects.get_or_create(
            organisation=org, user=claim.user, defaults={"role": claim.role}
        )
        if not created and membership.role != claim.role:
            membership.role = claim.role
            membership.save(update_fields=["role"])
    kind = HistoryKind.CLAIM_APPROVED if approve else HistoryKind.CLAIM_REJECTED
    _history(org, actor=moderator, kind=kind, subject=claim.user, after=claim.role, text=reason)
    audit(
        actor=moderator, action=f"orgs.claim_{claim.status}", target=org, claim=claim.pk, user=claim.user_id
    )
    _notify_claimant(claim)
    return claim


def _keeps_a_leader(org: Organisation, *, without: Membership) -> bool:
    return org.memberships.filter(role=MemberRole.LEADER).exclude(pk=without.pk).exists()


@transaction.atomic
def member_set_role(*, actor, membership: Membership, role: str) -> Membership:
    """Change a member's role (leaders and editors of the organisation, moderators)."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if role not in MemberRole.values:
        raise OrgError({"role": [_("Choose a role from the list.")]})
    if membership.role == role:
        return membership
    org = membership.organisation
    if membership.role == MemberRole.LEADER and not _keeps_a_leader(org, without=membership):
        raise OrgError(_("The organisation would have no leader left: name another leader first."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _history(
        org, actor=actor, kind=HistoryKind.ROLE_CHANGED, subject=membership.user, before=before, after=role
    )
    audit(actor=actor, action="orgs.member_role", target=org, user=membership.user_id, role=role)
    return membership


@transaction.atomic
def member_remove(*, actor, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    org = membership.organisation
    if membership.role == MemberRole.LEADER and not _keeps_a_leader(org, without=membership):
        raise OrgError(_("The organisation would have no leader left: name another leader first."))
    _history(
        org, actor=actor, kind=HistoryKind.MEMBER_REMOVED, subject=membership.user, before=membership.role
    )
    audit(actor=actor, action="orgs.member_remove", target=org, user=membership.user_id)
    membership.delete()


@transaction.atomic
def member_add(*, actor, org: Organisation, user, role: str) -> Membership:
    """Staff link a person directly (demo data, a moderator's correction)."""
    membership, created = Membership.objects.get_or_create(
        organisation=org, user=user, defaults={"role": role}
    )
    if created:
        _history(org, actor=actor, kind=HistoryKind.MEMBER_ADDED, subject=user, after=role)
        audit(actor=actor, action="orgs.member_add", target=org, user=user.pk, role=role)
    elif membership.role != role:
        membership = member_set_role(actor=actor, membership=membership, role=role)
    return membership
