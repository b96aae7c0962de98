from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import SetUpLink
from accounts.services import set_up_link_create, site_address


class Command(BaseCommand):
    help = (
        "Print a one-time link to set up an account's second factor: for the first superuser "
        "(made with createsuperuser), who has no manager to send one. Earlier links stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with the username {username!r}.")
        purpose = (
            SetUpLink.Purpose.SECOND_FACTOR
            if user.has_usable_password()
            else SetUpLink.Purpose.INVITATION
        )
        token = set_up_link_create(user=user, purpose=purpose, created_by="manage.py")
        self.stdout.write(site_address(reverse("admin:auth_user_set_up_link", args=[token])))
