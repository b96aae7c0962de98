"""The clinic's three pages: the team, visiting us, treatments and costs. Thin: read the
published records, render. Public pages, cached like content pages (clinic/signals.py)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from clinic_site.models import SiteSettings
from clinic_site.page_cache import public_page

from .models import Place, TeamMember, Treatment
from .presentation import clinic_data, hours_rows, map_link


def structured_data_get(*, request, places: list[Place], team: list[TeamMember]) -> list[dict]:
    settings = SiteSettings.load()
    return clinic_data(
        clinic_name=settings.clinic_name,
        site_phone=settings.phone,
        site_url=request.build_absolute_uri(reverse("content:home")),
        team_url=request.build_absolute_uri(reverse("clinic:team")),
        places=places,
        team=team,
    )


@require_safe
@public_page
def team(request):
    members = list(TeamMember.objects.published().select_related("photo"))
    places = list(Place.objects.published())
    context = {
        "members": members,
        "structured_data": structured_data_get(request=request, places=places, team=members),
    }
    return render(request, "clinic/team.html", context)


@require_safe
@public_page
def visiting(request):
    places = list(Place.objects.published().select_related("map_image"))
    members = list(TeamMember.objects.published())
    shown = [
        {
            "place": place,
            "hours": hours_rows(hours=place.opening_hours),
            "map_url": map_link(place=place),
        }
        for place in places
    ]
    context = {
        "places": shown,
        "structured_data": structured_data_get(request=request, places=places, team=members),
    }
    return render(request, "clinic/visiting.html", context)


@require_safe
@public_page
def treatments(request):
    return render(
        request,
        "clinic/treatments.html",
        {"treatments": list(Treatment.objects.published())},
    )
