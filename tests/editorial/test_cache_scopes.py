"""Publishing refreshes only what it changed (issue 25, "Caches"): a page's own text renews that
page alone, a change every page shows renews every page, guidance renews the summary's guidance,
and a draft renews nothing. A page served from the cache costs no database query, which is how
these tests tell that a page was not rendered again."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from clinic.models import Treatment
from content.models import HomePage, Page
from editorial.workflow import draft_publish, draft_save, draft_schedule
from screener.models import FactorGuidance
from tests.clinic.records import ANA_IN_FULL, team_member_publish, treatment_publish
from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.screener.support import SUMMARY_URL, walk

pytestmark = pytest.mark.django_db

FAQ_PAGE = "/faq/"
NEW_ANSWER = "No. A friend or family member must drive you home after each session."
# Pages a change to the FAQ answers must leave cached: other content pages, the home page, a
# page of the site's own, the clinic's pages, and Spanish pages.
OTHER_PAGES = [
    "/",
    "/how-ketamine-therapy-works/",
    "/conditions-ketamine-may-help/",
    "/privacy/",
    "/treatments-and-costs/",
    "/es/",
    "/es/privacidad/",
]


@pytest.fixture
def cached_pages(loaded_content) -> dict[str, str]:
    """Every page above and the FAQ page, rendered once and now in the cache."""
    visitor = Client()
    pages = {}
    for address in [FAQ_PAGE, *OTHER_PAGES]:
        response = visitor.get(address)
        assert response.status_code == 200, address
        pages[address] = response.content.decode()
    return pages


def assert_served_from_the_cache(pages: dict[str, str], addresses, django_assert_num_queries):
    visitor = Client()
    for address in addresses:
        with django_assert_num_queries(0):
            response = visitor.get(address)
        assert response.content.decode() == pages[address], address


def faq_content_with_new_answer(page: Page) -> dict:
    content = page.revision_content()
    (driving,) = [entry for entry in content["faq_entries"] if entry["anchor"] == "driving"]
    driving["answer"] = NEW_ANSWER
    return content


def page_publish(*, slug: str, content: dict, editor, reviewer) -> None:
    page = Page.objects.get(slug=slug, language="en")
    draft_save(record=page, content=content, user=editor)
    draft_publish(record=Page.objects.get(pk=page.pk), user=reviewer)


def test_publishing_an_faq_answer_shows_it_at_once_and_leaves_other_pages_cached(
    cached_pages, editor, reviewer, django_assert_num_queries
):
    assert NEW_ANSWER not in cached_pages[FAQ_PAGE]
    faq = Page.objects.get(slug="faq")
    page_publish(
        slug="faq", content=faq_content_with_new_answer(faq), editor=editor, reviewer=reviewer
    )
    assert NEW_ANSWER in Client().get(FAQ_PAGE).content.decode()
    assert_served_from_the_cache(cached_pages, OTHER_PAGES, django_assert_num_queries)


def test_a_draft_save_changes_no_page_a_visitor_gets(
    cached_pages, editor, django_assert_num_queries
):
    faq = Page.objects.get(slug="faq")
    draft_save(record=faq, content=faq_content_with_new_answer(faq), user=editor)
    menu = Page.objects.get(slug="side-effects-and-safety")
    draft_save(record=menu, content={**menu.revision_content(), "nav_title": "Safety"}, user=editor)
    assert_served_from_the_cache(cached_pages, [FAQ_PAGE, *OTHER_PAGES], django_assert_num_queries)


def test_a_scheduled_faq_answer_renews_that_page_alone_when_the_command_runs(
    cached_pages, editor, reviewer, time_machine, django_assert_num_queries
):
    faq = Page.objects.get(slug="faq")
    draft_save(record=faq, content=faq_content_with_new_answer(faq), user=editor)
    at = timezone.now() + datetime.timedelta(hours=1)
    draft_schedule(record=Page.objects.get(pk=faq.pk), user=reviewer, at=at)
    time_machine.move_to(at + datetime.timedelta(seconds=1))
    call_command("publish_scheduled")
    assert NEW_ANSWER in Client().get(FAQ_PAGE).content.decode()
    assert_served_from_the_cache(cached_pages, OTHER_PAGES, django_assert_num_queries)


def test_a_new_menu_title_shows_at_once_on_every_page(cached_pages, editor, reviewer):
    page = Page.objects.get(slug="side-effects-and-safety")
    assert ">Safety</a>" not in cached_pages["/privacy/"]
    content = {**page.revision_content(), "nav_title": "Safety"}
    page_publish(slug=page.slug, content=content, editor=editor, reviewer=reviewer)
    for address in ["/", FAQ_PAGE, "/how-ketamine-therapy-works/", "/privacy/"]:
        assert ">Safety</a>" in Client().get(address).content.decode(), address


def test_a_guidance_publish_shows_on_the_summary_at_once_and_leaves_pages_cached(
    cached_pages, editor, reviewer, django_assert_num_queries
):
    visitor = Client()
    walk(visitor, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    opioids = FactorGuidance.objects.get(factor="opioids")
    assert opioids.title in visitor.get(SUMMARY_URL).content.decode()  # now cached
    why = "Tell the clinic about every opioid you take, as ketamine and opioids add up."
    draft_save(record=opioids, content={**opioids.revision_content(), "why_it_matters": why},
               user=editor)  # fmt: skip
    assert why not in visitor.get(SUMMARY_URL).content.decode(), "a draft is not shown"
    draft_publish(record=FactorGuidance.objects.get(pk=opioids.pk), user=reviewer)
    assert why in visitor.get(SUMMARY_URL).content.decode()
    assert_served_from_the_cache(cached_pages, [FAQ_PAGE, *OTHER_PAGES], django_assert_num_queries)


def test_a_home_page_publish_renews_the_home_page_in_both_languages_alone(
    cached_pages, editor, reviewer, django_assert_num_queries
):
    home = HomePage.objects.get(pk=1)
    content = {
        **home.revision_content(),
        "headline": "Ketamine care, explained plainly",
        "headline_es": "La atención con ketamina, explicada con claridad",
    }
    draft_save(record=home, content=content, user=editor)
    draft_publish(record=HomePage.objects.get(pk=1), user=reviewer)
    assert "Ketamine care, explained plainly" in Client().get("/").content.decode()
    assert "explicada con claridad" in Client().get("/es/").content.decode()
    others = [address for address in OTHER_PAGES if address not in ("/", "/es/")]
    assert_served_from_the_cache(cached_pages, [FAQ_PAGE, *others], django_assert_num_queries)


def test_a_treatment_publish_renews_the_treatments_page_alone(
    cached_pages, reviewer, django_assert_num_queries
):
    treatment_publish(reviewer=reviewer)
    assert "IV ketamine infusion" in Client().get("/treatments-and-costs/").content.decode()
    others = [address for address in OTHER_PAGES if address != "/treatments-and-costs/"]
    assert_served_from_the_cache(cached_pages, [FAQ_PAGE, *others], django_assert_num_queries)


def test_a_team_member_publish_renews_every_page_that_names_the_reviewer(cached_pages, reviewer):
    # Every content page names its medical reviewer from the team, so every page is renewed.
    team_member_publish(reviewer=reviewer, **ANA_IN_FULL)
    for address in (FAQ_PAGE, "/how-ketamine-therapy-works/"):
        assert "Ana Ruiz, MD" in Client().get(address).content.decode(), address


def test_a_draft_of_a_record_never_published_renews_nothing(
    cached_pages, editor, django_assert_num_queries
):
    treatment = Treatment.objects.create(name="Nasal spray", session="Not offered yet.")
    draft_save(record=treatment, content=treatment.revision_content(), user=editor)
    assert_served_from_the_cache(cached_pages, [FAQ_PAGE, *OTHER_PAGES], django_assert_num_queries)
