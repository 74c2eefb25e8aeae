from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    STATE_BODY = "state_body", _("State body")
    BUSINESS = "business", _("Business")
    MEDIA = "media", _("Media")
    INTERNATIONAL = "international", _("International organisation")


class StateBodyKind(models.TextChoices):
    AKIMAT = "akimat", _("Akimat")
    INTERNAL_POLICY = "internal_policy", _("Department of internal policy")
    MINISTRY = "ministry", _("Ministry")
    COMMITTEE = "committee", _("Committee")
    OTHER = "other", _("Other state body")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    IN_LIQUIDATION = "in_liquidation", _("In liquidation")
    LIQUIDATED = "liquidated", _("Liquidated")
    SUSPENDED = "suspended", _("Suspended")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    EDITOR = "editor", _("Editor")
    MEMBER = "member", _("Member")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class HistoryKind(models.TextChoices):
    CREATED = "created", _("Added to the registry")
    UPDATED = "updated", _("Profile changed")
    STATUS = "status", _("Status changed")
    CLAIM_SUBMITTED = "claim_submitted", _("Membership claimed")
    CLAIM_APPROVED = "claim_approved", _("Claim approved")
    CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
    ROLE_CHANGED = "role_changed", _("Role changed")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    IMPORTED = "imported", _("Imported")


#: The spheres of activity, a translated taxonomy (code, name); the table is filled from this.
SPHERES = (
    ("social_protection", _("Social protection")),
    ("education", _("Education")),
    ("health", _("Health")),
    ("youth", _("Youth")),
    ("children", _("Children and families")),
    ("human_rights", _("Human rights")),
    ("ecology", _("Ecology")),
    ("culture", _("Culture and national traditions")),
    ("sport", _("Sport")),
    ("women", _("Women and family")),
    ("disability", _("People with disabilities")),
    ("veterans", _("Veterans and older people")),
    ("local_government", _("Local self-government")),
    ("civil_society", _("Civil society development")),
    ("ethnic", _("Ethnic cultural associations")),
    ("volunteering", _("Volunteering")),
    ("animals", _("Animal welfare")),
    ("science", _("Science and research")),
    ("media", _("Media and information")),
    ("law", _("Legal aid")),
)
