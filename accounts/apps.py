from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts a practice manager runs: invitations, set-up links, unlocking sign-in."""

    name = "accounts"
    verbose_name = "Staff accounts"
