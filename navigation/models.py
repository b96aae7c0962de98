"""The main menu's entries that are not content pages.

Pages are in the menu by their own record (content.Page's show_in_nav and nav_order); the
screener, the contact page and the clinic's three pages have views of their own, so each has a
MenuLink here, one a language, numbered in the same order as the pages so that staff can move
either among the other. Its name is words visitors read, so it changes through the editorial
review; its place and whether it shows are not, so they change at once (content/menu.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from editorial.models import RevisionMixin

from .seed import MENU_LINK_SEED


class MenuLink(RevisionMixin, models.Model):
    class Destination(models.TextChoices):
        TEAM = "team", "the clinic's team"
        VISITING = "visiting", "the clinic's places and how to get there"
        TREATMENTS = "treatments", "the clinic's treatments and costs"
        SCREENER = "screener", "the preparation questions"
        CONTACT = "contact", "the call-back request form"

    # Each destination's address, and the URL namespace whose every screen marks it as the
    # current item (the screener's steps all belong to "Prepare for your appointment").
    ROUTES = {
        Destination.TEAM: ("clinic:team", ""),
        Destination.VISITING: ("clinic:visiting", ""),
        Destination.TREATMENTS: ("clinic:treatments", ""),
        Destination.SCREENER: ("screener:start", "screener"),
        Destination.CONTACT: ("consultations:request", "consultations"),
    }

    # Where each destination is linked whatever the menu says, so hiding a link from the menu
    # never leaves visitors without a way there (templates/includes/footer.html, content/home.html
    # and templates/content/includes/prepare_callout.html).
    ALSO_LINKED_FROM = {
        Destination.TEAM: "every page's footer",
        Destination.VISITING: "every page's footer",
        Destination.TREATMENTS: "every page's footer",
        Destination.SCREENER: "the home page's main button and the health pages' "
        "“Prepare for your appointment” box",
        Destination.CONTACT: "every page's footer",
    }

    destination = models.CharField(max_length=20, choices=Destination.choices, editable=False)
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, editable=False
    )
    label = models.CharField(
        "menu name",
        max_length=40,
        help_text="The words in the menu at the top of every page, in this link's language. "
        "Short and plain: two or three words.",
    )
    show_in_nav = models.BooleanField(
        "show in main menu",
        default=True,
        help_text="Whether or not the menu shows it, the footer or the home page links here.",
    )
    nav_order = models.PositiveSmallIntegerField(
        "order", default=1000, help_text="Lower numbers come first, among the pages' own."
    )

    class Meta:
        ordering = ["language", "nav_order", "pk"]
        verbose_name = "menu link"
        verbose_name_plural = "menu links"
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "language"], name="navigation_one_link_per_language"
            )
        ]

    # The editorial workflow (editorial.models.RevisionMixin): the one reviewers' permission.
    publish_permission = "content.publish_page"
    # Place and showing are in the revision too, so the history shows each move beside renames.
    revision_fields = ("label", "show_in_nav", "nav_order")

    def __str__(self) -> str:
        language = {"en": "English", "es": "Spanish"}.get(self.language, self.language)
        return f"{self.label} ({language} menu)"

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse(self.ROUTES[self.destination][0])

    @property
    def short_title(self) -> str:
        """What the menu says: named like a page's, so the menu screen lists both alike."""
        return self.label

    @property
    def also_linked_from(self) -> str:
        return self.ALSO_LINKED_FROM[self.destination]

    @property
    def current_namespace(self) -> str:
        return self.ROUTES[self.destination][1]

    @classmethod
    def seeded(cls) -> list["MenuLink"]:
        """Every link as first seeded, unsaved: what a missing row stands for."""
        return [
            cls(
                destination=entry["destination"],
                language=language,
                label=label,
                nav_order=entry["nav_order"],
            )
            for entry in MENU_LINK_SEED
            for language, label in entry["labels"].items()
        ]

    @classmethod
    def all_ensure(cls) -> None:
        """Store any seeded link that is missing. Nothing visitors see changes (the menu shows
        the seed for a missing row already), so bulk_create's lack of signals is right."""
        cls.objects.bulk_create(cls.seeded(), ignore_conflicts=True)
