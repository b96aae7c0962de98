from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .services import ROLE_GROUPS

ROLE_HELP = {
    "Content editor": "writes and changes the pages patients read; cannot publish",
    "Clinical reviewer": "checks and publishes the pages patients read",
    "Front desk": "sees and answers contact requests",
    "Practice manager": "adds staff, sets their roles and edits the clinic's details",
}


def role_choices() -> list[tuple[str, str]]:
    """The roles that exist (each a group made by a migration), with what each may do."""
    names = set(Group.objects.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    return [(name, f"{name}: {ROLE_HELP[name]}") for name in ROLE_GROUPS if name in names]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="We send the invitation here. It is also their username for signing in.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, choices=role_choices)

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = get_user_model()._default_manager
        if (
            users.filter(email__iexact=email).exists()
            or users.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                "There is already an account with this email address. Find it in the list of "
                "users to change its role or send its invitation again."
            )
        return email


class PasswordForm(forms.Form):
    """The password of the account a set-up link is for (after a reset of its second factor)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
