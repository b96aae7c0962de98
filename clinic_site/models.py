import logging

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import DatabaseError, models
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from editorial.models import RevisionMixin

from .branding import (
    ACCENT_DEFAULT,
    accent_colour_validate,
    accent_needs_stylesheet,
    brand_css_version,
    favicon_files,
    favicons_make,
    stored_file_url,
)
from .content_version import content_changed, content_version_get

SITE_SETTINGS_CACHE_KEY = "clinic_site:site-settings:v1"
# Entries are keyed by content version, so old ones only need to expire eventually.
SITE_SETTINGS_CACHE_SECONDS = 24 * 60 * 60
# The logo's height in the header, in CSS pixels (static/css/site.css, .site-header__logo).
LOGO_HEIGHT = 40

logger = logging.getLogger(__name__)


def tel_digits(number: str) -> str:
    """Keep what a tel: link dials: the digits and a leading plus, none of the spacing."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def site_settings_cache_key() -> str:
    """The settings row's cache key, which changes with the content version.

    Every save of the row replaces the content version (the signals below), so every server
    process, each with its own memory cache unless Redis is shared, reloads the row at once.
    """
    return f"{SITE_SETTINGS_CACHE_KEY}:{content_version_get()}"


class SiteSettings(RevisionMixin, models.Model):
    """The clinic's contact details and crisis resources: one row, changed through review.

    The row holds what visitors see. A change in the admin is a draft (an editorial revision)
    until a clinical reviewer publishes it; a change to a crisis number, or to the second-person
    rule itself, always needs someone other than its author to publish it (issue 25).
    """

    clinic_name = models.CharField(
        max_length=120,
        default="Riverside Ketamine Clinic",
        help_text="Shown in the header, the footer and the screener summary.",
    )
    phone = models.CharField(
        max_length=40,
        default="(555) 010-0142",
        help_text="The number patients call to book or ask a question.",
    )
    email = models.EmailField(
        default="hello@clinic.example",
        help_text="Public contact address; consultation request notices are also sent here.",
    )
    address = models.TextField(
        default="120 Riverside Avenue, Suite 4\nSpringfield, ST 00000",
        help_text="Postal address, one line per line as it should appear.",
    )
    opening_hours = models.CharField(
        max_length=200,
        default="Monday to Friday, 8am to 5pm",
        help_text="When the phone is answered.",
    )
    crisis_line_name = models.CharField(
        max_length=120,
        default="988 Suicide & Crisis Lifeline",
        help_text="The crisis line shown on the 'Need help now?' page and the screener.",
    )
    # Visitors reading Spanish see these; the numbers stay one setting for both languages.
    opening_hours_es = models.CharField(
        "opening hours (Spanish)",
        max_length=200,
        default="De lunes a viernes, de 8 a. m. a 5 p. m.",
        help_text="The same hours in Spanish, for the Spanish pages.",
    )
    crisis_line_name_es = models.CharField(
        "crisis line name (Spanish)",
        max_length=120,
        default="Línea 988 de Prevención del Suicidio y Crisis",
        help_text="The crisis line's name in Spanish, for the Spanish pages.",
    )
    crisis_line_number = models.CharField(
        max_length=20,
        default="988",
        help_text="Number to call or text for the crisis line.",
    )
    emergency_number = models.CharField(
        max_length=20,
        default="911",
        help_text="Emergency services number for immediate danger.",
    )

    # The "Need help now?" page's own words (its numbers are the fields above). {phone} and
    # {opening_hours} in the second paragraph become the clinic's phone link and hours.
    crisis_page_lead = models.TextField(
        "'Need help now?' first paragraph",
        default=(
            "If you are thinking about harming yourself, or you feel you cannot keep yourself "
            "safe, you do not have to wait. Help is available now."
        ),
        help_text="Above the crisis numbers. Short sentences: a person in crisis reads this.",
    )
    crisis_page_lead_es = models.TextField(
        "'Need help now?' first paragraph (Spanish)",
        default=(
            "Si está pensando en hacerse daño, o siente que no puede mantenerse a salvo, no "
            "tiene que esperar. Hay ayuda disponible ahora mismo."
        ),
    )
    crisis_page_not_emergency = models.TextField(
        "'If it is not an emergency' paragraph",
        default=(
            "Talk to your doctor, or call us on {phone} ({opening_hours}). This website cannot "
            "give you urgent help and our messages are not monitored around the clock."
        ),
        help_text="{phone} shows the clinic's phone number as a link to call; {opening_hours} "
        "shows the opening hours.",
    )
    crisis_page_not_emergency_es = models.TextField(
        "'If it is not an emergency' paragraph (Spanish)",
        default=(
            "Hable con su médico, o llámenos al {phone} ({opening_hours}). Este sitio web no "
            "puede darle ayuda urgente, y nadie revisa nuestros mensajes las 24 horas del día."
        ),
    )

    # The clinic's look (clinic_site/branding.py).
    logo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown beside the clinic's name at the top of every page, and made small as "
        "the icon in the browser tab. Choose it from the image library, or add it there with "
        "the + button. A square or wide PNG with a clear or white background works best.",
    )
    accent_colour = models.CharField(
        "accent colour",
        max_length=7,
        default=ACCENT_DEFAULT,
        validators=[accent_colour_validate],
        help_text="The colour of the menu bar and the edges of cards. The menu's words are "
        "white on it, so it must be dark enough for them to be easy to read: a colour that "
        "is too light is refused, with the reason.",
    )

    every_change_needs_second_person = models.BooleanField(
        "every change needs a second person",
        default=False,
        help_text="When ticked, a clinical reviewer cannot publish a change they made "
        "themselves: another reviewer must check and publish it.",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    # The editorial workflow (editorial.models.RevisionMixin). The one reviewers' permission,
    # as for pages and the home page.
    publish_permission = "content.publish_page"
    # A wrong crisis number sends someone in crisis nowhere; switching the rule off would let
    # one person publish alone. Each needs a second person, whatever the setting says.
    second_person_fields = (
        "crisis_line_number",
        "emergency_number",
        "every_change_needs_second_person",
    )
    revision_fields = (
        "clinic_name", "phone", "email", "address", "opening_hours", "opening_hours_es",
        "crisis_line_name", "crisis_line_name_es", "crisis_line_number", "emergency_number",
        "crisis_page_lead", "crisis_page_lead_es", "crisis_page_not_emergency",
        "crisis_page_not_emergency_es", "every_change_needs_second_person", "logo_id",
        "accent_colour",
    )  # fmt: skip

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: there is only ever one row
        super().save(*args, **kwargs)

    @property
    def opening_hours_shown(self) -> str:
        """The opening hours in the page's language."""
        return self.opening_hours_es if get_language() == "es" else self.opening_hours

    @property
    def crisis_line_name_shown(self) -> str:
        """The crisis line's name in the page's language."""
        return self.crisis_line_name_es if get_language() == "es" else self.crisis_line_name

    @property
    def crisis_page_lead_shown(self) -> str:
        """The crisis page's first paragraph in the page's language."""
        return self.crisis_page_lead_es if get_language() == "es" else self.crisis_page_lead

    @property
    def crisis_page_not_emergency_html(self) -> str:
        """The crisis page's last paragraph in the page's language, with the phone as a link."""
        spanish = get_language() == "es"
        text = self.crisis_page_not_emergency_es if spanish else self.crisis_page_not_emergency
        phone = format_html('<a href="tel:{}">{}</a>', self.phone_tel, self.phone)
        html = escape(text).replace("{phone}", phone)
        # Staff's text is escaped above; only the link and the escaped hours are markup.
        return mark_safe(html.replace("{opening_hours}", escape(self.opening_hours_shown)))

    @property
    def brand_css_url(self) -> str:
        """The accent colour's stylesheet, or "" when site.css's own colour is the setting."""
        if not accent_needs_stylesheet(self.accent_colour):
            return ""
        return f"{reverse('brand_css')}?v={brand_css_version(accent=self.accent_colour)}"

    @property
    def favicon_urls(self) -> dict:
        """{"icon": 32 px PNG, "apple_touch_icon": 180 px PNG} made from the logo; {} without."""
        if not self.logo_id or self.logo is None or not self.logo.file:
            return {}
        files = favicon_files(source=self.logo.file)
        return {name: stored_file_url(file.name) for name, file in files.items()}

    @property
    def logo_shown(self) -> dict | None:
        """The logo as the header shows it (LOGO_HEIGHT pixels high), or None without one."""
        logo = self.logo if self.logo_id else None
        if logo is None or not logo.width or not logo.height:
            return None
        renditions = logo.renditions()
        if not renditions:
            return None
        shown_width = round(LOGO_HEIGHT * logo.width / logo.height)
        # The smallest rendition at least twice as wide as shown: sharp on a phone's screen.
        fallback = next((file for width, _, file in renditions if width >= 2 * shown_width), None)
        return {
            "src": stored_file_url((fallback or renditions[-1][2]).name),
            "srcset": ", ".join(
                f"{stored_file_url(file.name)} {width}w" for width, _, file in renditions
            ),
            "sizes": f"{shown_width}px",
            "width": shown_width,
            "height": LOGO_HEIGHT,
        }

    @property
    def crisis_line_tel(self) -> str:
        return tel_digits(self.crisis_line_number)

    @property
    def emergency_tel(self) -> str:
        return tel_digits(self.emergency_number)

    @property
    def phone_tel(self) -> str:
        return tel_digits(self.phone)

    @classmethod
    def load(cls) -> "SiteSettings":
        """Return the settings row, cached; the defaults when the database is unreachable.

        The error pages read this, so it never raises: a cache that fails (rather than missing,
        as django-redis does with DJANGO_REDIS_IGNORE_EXCEPTIONS) is read around as well.
        """
        try:
            key = site_settings_cache_key()
            settings = cache.get(key)
        except Exception as error:  # any cache failure: the row, or its defaults, are still there
            logger.warning("Site settings read without the cache: %s", type(error).__name__)
            key, settings = None, None
        if settings is not None:
            return settings
        try:
            # The logo comes with the row, so pages read it from the cache as well.
            settings = cls.objects.select_related("logo").filter(pk=1).first()
            if settings is None:
                # The defaults, stored once. bulk_create sends no post_save signal: nothing a
                # page shows changes, so every process's cached pages stay valid.
                cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
                settings = cls.objects.select_related("logo").get(pk=1)
        except DatabaseError:
            # Error pages still need a clinic name and crisis numbers while the database is down.
            return cls(pk=1)
        if key is not None:
            try:
                cache.set(key, settings, timeout=SITE_SETTINGS_CACHE_SECONDS)
            except Exception as error:
                logger.warning("Site settings not cached: %s", type(error).__name__)
        return settings


# Pages show the clinic's details, so a change to them is a change of content.
post_save.connect(content_changed, sender=SiteSettings, dispatch_uid="site-settings-save")
post_delete.connect(content_changed, sender=SiteSettings, dispatch_uid="site-settings-delete")


def site_settings_favicons_make(sender, instance: SiteSettings, **kwargs) -> None:
    """Make the favicon files of a published logo, so that no visitor's request makes them."""
    if instance.logo_id and instance.logo is not None:
        favicons_make(source=instance.logo.file)


post_save.connect(
    site_settings_favicons_make, sender=SiteSettings, dispatch_uid="site-settings-favicons"
)
# A deleted library image leaves the logo (or a page's photo) empty by an UPDATE that sends no
# signal of its own, and every cached page would still show the deleted image's address.
post_delete.connect(content_changed, sender="images.Image", dispatch_uid="image-delete-content")


class StaffActivity(models.Model):
    """One sign-in, failed sign-in or account change of a member of staff, for superusers and
    practice managers to read.

    Written by clinic_site/staff_activity.py from Django's sign-in signals, by the sign-in steps
    and by the staff accounts' screens (accounts/). Only who, what, when and from which
    address: nothing else a request carried.
    """

    class Action(models.TextChoices):
        SIGNED_IN = "signed-in", "Signed in"
        WRONG_PASSWORD = "wrong-password", "Failed sign-in: wrong password or locked out"
        WRONG_CODE = "wrong-code", "Failed sign-in: wrong second-factor code"
        SECOND_FACTOR_SET_UP = "second-factor-set-up", "Set up their second factor"
        SECOND_FACTOR_RESET = "second-factor-reset", "Reset a colleague's second factor"
        # Added for the practice manager's staff accounts (accounts/ and issue #24).
        PASSWORD_ACCEPTED = "password-accepted", "Password right, code not yet given"
        SET_UP_STARTED = "set-up-started", "Opened a set-up link: set-up key shown"
        SIGN_IN_PAUSED = "sign-in-paused", "Sign-in paused after many failed attempts"
        SIGN_IN_UNLOCKED = "sign-in-unlocked", "Unlocked a colleague's sign-in"
        INVITED = "invited", "Invited a colleague"
        INVITE_ACCEPTED = "invite-accepted", "Accepted their invitation and chose a password"
        PASSWORD_CHANGED = "password-changed", "Changed their password"
        PASSWORD_RESET = "password-reset", "Chose a new password from a reset email"
        BACKUP_CODES_MADE = "backup-codes-made", "Made new backup codes"

    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # As text too: a failed sign-in may name no account, and records outlive deleted accounts.
    username = models.CharField("account", max_length=150)
    action = models.CharField(max_length=30, choices=Action.choices)
    # The colleague acted on: whose second factor was reset, who was invited or unlocked.
    subject_username = models.CharField("colleague", max_length=150, blank=True)
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        # Each sign-in counts the account's recent failures and its last sign-in or unlock.
        indexes = [
            models.Index(fields=["username", "at"], name="staffactivity_username_at"),
            models.Index(fields=["subject_username", "at"], name="staffactivity_subject_at"),
        ]
        verbose_name = "staff sign-in activity"
        verbose_name_plural = "staff sign-in activity"

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        return f"{self.username}: {self.get_action_display()} at {when}"
