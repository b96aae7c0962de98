from django.db import models
from django.db.models.signals import post_delete, post_save

from clinic_site.content_version import GUIDANCE, content_changed
from clinic_site.markdown import markdown_render
from editorial.models import RevisionMixin

GUIDANCE_CACHE_KEY = "screener:guidance:v1"


class FactorGuidance(RevisionMixin, models.Model):
    """The summary's explanation of one factor: why it matters and questions to ask.

    Loaded from screener/guidance_texts/ when missing; staff change it afterwards through review
    (editorial): a change is a draft until a clinical reviewer publishes it. No visitor's
    answers are ever stored in the database.
    """

    factor = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Which summary item this explains. Set by the source file; do not change.",
    )
    title = models.CharField(
        max_length=120, help_text="A short name for staff, for example 'Serious heart disease'."
    )
    why_it_matters = models.TextField(
        help_text=(
            "Why this matters for ketamine therapy, in plain words (Markdown). Educational, "
            "never a verdict: do not write 'eligible', 'qualify', 'approved' or 'candidate'."
        )
    )
    why_it_matters_html = models.TextField(editable=False, default="")
    questions_to_ask = models.TextField(
        help_text="Questions the visitor could ask their clinician, one per line."
    )
    # Spanish beside the English, so a reviewer changing one sees the other (issue 18).
    title_es = models.CharField(
        "title (Spanish)",
        max_length=120,
        blank=True,
        help_text="The heading of this item on the Spanish summary.",
    )
    why_it_matters_es = models.TextField(
        "why it matters (Spanish)",
        blank=True,
        help_text="The same explanation in Spanish, for visitors reading the site in Spanish. "
        "Change it whenever you change the English. Left blank, Spanish readers see the English.",
    )
    why_it_matters_es_html = models.TextField(editable=False, default="")
    questions_to_ask_es = models.TextField(
        "questions to ask (Spanish)",
        blank=True,
        help_text="The same questions in Spanish, one per line.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["factor"]
        verbose_name = "summary guidance"
        verbose_name_plural = "summary guidance"

    # The editorial workflow (editorial.models.RevisionMixin): the one reviewers' permission.
    publish_permission = "content.publish_page"
    revision_fields = (
        "title", "title_es", "why_it_matters", "why_it_matters_es", "questions_to_ask",
        "questions_to_ask_es",
    )  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.why_it_matters_html = markdown_render(text=self.why_it_matters)
        self.why_it_matters_es_html = markdown_render(text=self.why_it_matters_es)
        super().save(*args, **kwargs)

    @property
    def questions(self) -> list[str]:
        return lines_of(self.questions_to_ask)

    @property
    def questions_es(self) -> list[str]:
        return lines_of(self.questions_to_ask_es)


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def guidance_changed(**kwargs) -> None:
    """Retire the cached guidance in every server process. Only the summary shows it, which is
    never cached whole, so no cached page is refreshed."""
    content_changed(scopes=[GUIDANCE])


# Signals, not save(), so that the admin's bulk delete counts too.
post_save.connect(guidance_changed, sender=FactorGuidance, dispatch_uid="guidance-save")
post_delete.connect(guidance_changed, sender=FactorGuidance, dispatch_uid="guidance-delete")
