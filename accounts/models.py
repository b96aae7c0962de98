import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def link_token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256, so the table alone opens no account."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class SetUpLinkQuerySet(models.QuerySet):
    def usable(self):
        """Links that still work: not used, not expired, not replaced by a newer one."""
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class SetUpLink(models.Model):
    """A one-time, expiring link emailed to a member of staff to set up their account.

    An invitation's link sets the password and then the second factor; a link sent after a
    reset sets up the second factor (after the password). Only the link opens a set-up screen:
    knowing the password is not enough (security review F1).
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", "Invitation: choose a password, then set up the second factor"
        SECOND_FACTOR = "second-factor", "Set up a new second factor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_up_links"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # As text: the record outlives a deleted account.
    created_by = models.CharField(max_length=150, blank=True)

    objects = SetUpLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "set-up link"

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} for {self.user}"
