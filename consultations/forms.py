import re
import unicodedata
from functools import cached_property

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic_site.form_layout import Choices, Fieldset

from .models import ConsultationRequest

NAME_MAX = 100
PHONE_MAX = 30
EMAIL_MAX = 254
MESSAGE_MAX = 1000

# Digits, spaces and the punctuation people write in phone numbers; "ext" or "x" for extensions.
PHONE_PATTERN = re.compile(r"^\+?[\d\s().\-]+((ext\.?|x)\s*\d{1,6})?$", re.IGNORECASE)
# Direction overrides can make text in admin read differently from what was stored.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_clean(*, text: str, multiline: bool = False) -> str:
    """Drop control characters (keeping line breaks where allowed) and surrounding space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for character in text:
        if multiline and character == "\n":
            kept.append(character)
        elif character == "\t":
            kept.append(" ")
        elif unicodedata.category(character) == "Cc" or character in BIDI_CONTROLS:
            continue
        else:
            kept.append(character)
    return "".join(kept).strip()


# The labels visitors read, in their language; the model's own labels are for staff, in the
# admin. A choice added to the model without a label here fails at import, not on the page.
BEST_TIME_LABELS = {
    ConsultationRequest.BestTime.MORNING: _("Morning"),
    ConsultationRequest.BestTime.AFTERNOON: _("Afternoon"),
    ConsultationRequest.BestTime.ANY: _("Any time"),
}
BEST_TIME_CHOICES = [
    (value, BEST_TIME_LABELS[value]) for value in ConsultationRequest.BestTime.values
]
RequestedFor = ConsultationRequest.RequestedFor
REQUESTED_FOR_CHOICES = [
    (RequestedFor.SELF, _("Me")),
    (
        RequestedFor.CARED_FOR_CONTACT_CARER,
        _("Someone I care for, such as a family member. The details below are mine: contact me"),
    ),
    (
        RequestedFor.CARED_FOR_CONTACT_THEM,
        _("Someone I care for. The name and contact details below are theirs: contact them"),
    ),
]


class CleanCharField(forms.CharField):
    """A CharField that removes control characters before checking length."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return text_clean(text=value, multiline=self.multiline) if value else value


class ConsultationRequestForm(forms.Form):
    """What a visitor sends when asking the clinic to contact them."""

    # Optional, so a visitor who skips it can still send; the front desk then asks on the call.
    requested_for = forms.ChoiceField(
        label=_("Who is this request for? (optional)"),
        required=False,
        choices=REQUESTED_FOR_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select who this request is for from the list")},
    )
    name = CleanCharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Enter your name"),
            # Django fills in %(limit_value)s, the field's max_length.
            "max_length": _("Your name must be %(limit_value)s characters or fewer"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    phone = CleanCharField(
        label=_("Phone number"),
        required=False,
        max_length=PHONE_MAX,
        error_messages={
            "max_length": _("Phone number must be %(limit_value)s characters or fewer")
        },
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "consult-width-20"}
        ),
    )
    email = CleanCharField(
        label=_("Email address"),
        required=False,
        max_length=EMAIL_MAX,
        error_messages={
            "max_length": _("Email address must be %(limit_value)s characters or fewer")
        },
        widget=forms.TextInput(
            attrs={
                "type": "email",
                "autocomplete": "email",
                "spellcheck": "false",
                "class": "consult-width-30",
            }
        ),
    )
    best_time = forms.ChoiceField(
        label=_("Best time to call (optional)"),
        required=False,
        choices=BEST_TIME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select the best time to call from the list")},
    )
    message = CleanCharField(
        label=_("Message (optional)"),
        required=False,
        multiline=True,
        max_length=MESSAGE_MAX,
        help_text=_(
            "For example, a question you would like us to answer when we call. "
            "You do not need to give medical details here: we will ask about your health when "
            "we talk."
        ),
        error_messages={"max_length": _("Message must be %(limit_value)s characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    share_summary = forms.BooleanField(
        label=_("Share my screener summary with the clinic"),
        required=False,
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Tick the box to agree that we can keep your details and contact you")
        },
    )
    # A field people never see: only software that fills every box fills this one.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args, summary_available: bool, clinic_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary_available = summary_available
        if not summary_available:
            del self.fields["share_summary"]
        self.fields["consent"].label = gettext(
            "I agree to %(clinic_name)s keeping these details to contact me, "
            "as described in the privacy notice"
        ) % {"clinic_name": clinic_name}

    @cached_property
    def helper(self) -> FormHelper:
        """The layout {% crispy form %} renders; hints with links are template text."""
        helper = FormHelper()
        helper.form_action = "consultations:request"
        helper.form_class = "consult-form"
        helper.label_class = "consult-label"
        share_summary = Choices(
            "share_summary",
            legend=gettext("Your screener summary"),
            hint=gettext(
                "Your summary of the answers you gave in “Prepare for your appointment”. "
                "It includes health details. Leave this unticked to keep it private. "
                '<a href="{% url \'screener:summary\' %}" target="_blank" rel="noopener">'
                "See your summary (opens in a new tab)</a>."
            ),
        )
        helper.layout = Layout(
            "form_token",
            Field("website", template="consultations/includes/honeypot.html"),
            Choices(
                "requested_for",
                hint=gettext(
                    "You can ask us to contact you about someone you care for, or to contact "
                    "them. If you give their details, put their name in the name box."
                ),
            ),
            "name",
            Fieldset(
                gettext("How should we contact you?"),
                "phone",
                "email",
                hint=gettext("Give a phone number, an email address, or both."),
                css_id="contact-methods",
            ),
            Choices(
                "best_time",
                hint=gettext(
                    "We call during our opening hours: {{ site_settings.opening_hours_shown }}."
                ),
            ),
            "message",
            *([share_summary] if self.summary_available else []),
            Choices(
                "consent",
                legend=gettext("Agreeing to be contacted"),
                hint=gettext(
                    'Our <a href="{% url \'privacy\' %}#consultation-requests" target="_blank" '
                    'rel="noopener">privacy notice (opens in a new tab)</a> says what we keep, '
                    "why, who sees it and for how long."
                ),
            ),
            StrictButton(gettext("Send request"), type="submit", css_class="btn-primary"),
        )
        return helper

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not phone:
            return phone
        digits = sum(character.isdigit() for character in phone)
        if not PHONE_PATTERN.match(phone) or not 7 <= digits <= 18:
            raise forms.ValidationError(
                gettext("Enter a phone number in the correct format, like (555) 010-0142")
            )
        return phone

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if not email:
            return email
        EmailValidator(
            message=gettext("Enter an email address in the correct format, like name@example.com")
        )(email)
        return email

    def clean(self):
        cleaned = super().clean()
        if (
            "phone" not in self.errors
            and "email" not in self.errors
            and not cleaned.get("phone")
            and not cleaned.get("email")
        ):
            self.add_error("phone", gettext("Enter a phone number or an email address, or both"))
        if cleaned.get("website"):
            self.add_error(
                None, gettext("We could not send your request. Please call or email us instead")
            )
        if not self.summary_available and self.data.get("share_summary"):
            # The box was ticked on a page shown before the screener answers expired.
            self.add_error(
                None,
                gettext(
                    "Your screener answers have been deleted after 30 minutes without activity, "
                    "so we cannot share your summary. Send your request without it, or go "
                    "through the questions again first"
                ),
            )
        return cleaned
