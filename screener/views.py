"""Thin, generic views: read the journey, ask flow.py where to go, render or redirect."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .flow import (
    CHECK_ANSWERS,
    Walk,
    flow_after_answer,
    flow_next,
    flow_redirect,
    flow_section_position,
)
from .forms import StepForm
from .journey import (
    MARKER_COOKIE,
    MARKER_MAX_AGE,
    journey_answer,
    journey_clear,
    journey_get,
    journey_mark_reviewing,
    journey_reviewing,
    journey_start,
    journey_time_limit,
    journey_time_limit_text,
    journey_walk,
    journey_warning_lead,
)
from .questions import STEPS, STEPS_BY_KEY, Kind, Step
from .summary import check_answers_rows, summary_body_context


def screener_page(view):
    """Never kept by a browser or a shared cache (answers are private); form methods only."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(view))


def screener_render(
    request: HttpRequest, template: str, context: dict | None = None, *, answers_kept: bool
) -> HttpResponse:
    """Render a screener page, which states the time limit; one holding answers also warns.

    `timeout_warning` gives the page's warning dialog its timings (see js/timeout-warning.js).
    """
    context = {**(context or {}), "time_limit": journey_time_limit_text()}
    if answers_kept:
        context["timeout_warning"] = {
            "idle_seconds": journey_time_limit(),
            "warning_seconds": journey_warning_lead(),
        }
    return render(request, template, context)


def target_url(target: Step | str) -> str:
    """The address of a step, or of a page named by its URL name (flow.py returns either)."""
    if isinstance(target, Step):
        return reverse("screener:step", args=[target.key])
    return reverse(target)


def marker_keep(
    response: HttpResponse, request: HttpRequest, *, fresh_start: bool = False
) -> HttpResponse:
    """Keep the marker that tells an expired journey from one never started.

    It is set when a journey starts, and put back only if the browser has lost it, so its day
    counts from the start of the journey.
    """
    if request.COOKIES.get(MARKER_COOKIE) == "1" and not fresh_start:
        return response
    response.set_cookie(
        MARKER_COOKIE,
        "1",
        max_age=MARKER_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _no_journey(request: HttpRequest) -> HttpResponse:
    """No answers in the session: explain an expiry, or send a newcomer to the start."""
    # The marker outlives the 30-minute session cookie; a session cookie that no longer finds
    # its session (expired on the server first) tells the same story.
    stale_cookie = (
        settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.session_key is None
    )
    if request.COOKIES.get(MARKER_COOKIE) == "1" or stale_cookie:
        return screener_render(request, "screener/expired.html", answers_kept=False)
    return redirect("screener:start")


def _walk_or_response(request: HttpRequest) -> Walk | HttpResponse:
    walk = journey_walk(session=request.session)
    return _no_journey(request) if walk is None else walk


def _last_step_url(walk: Walk) -> str:
    return target_url(walk.steps[-1]) if walk.steps else reverse("screener:start")


@screener_page
def start(request: HttpRequest) -> HttpResponse:
    """The start page; its button begins a fresh journey."""
    if request.method == "POST":
        journey_start(session=request.session)
        return marker_keep(redirect("screener:step", "age"), request, fresh_start=True)
    walk = journey_walk(session=request.session)
    resume_url = None
    if walk is not None and walk.answers:
        resume_url = target_url(walk.exit or walk.first_unanswered or CHECK_ANSWERS)
    context = {"resume_url": resume_url, "question_count": len(STEPS)}
    return screener_render(
        request, "screener/start.html", context, answers_kept=resume_url is not None
    )


def _forget(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Delete the answers on the server, and the marker that says a journey was started."""
    journey_clear(session=request.session)
    response.delete_cookie(MARKER_COOKIE, samesite="Lax")
    return response


@screener_page
def start_again(request: HttpRequest) -> HttpResponse:
    """Ask before deleting every answer (a page, so it works without JavaScript); the POST from
    that page forgets them and goes back to the start page."""
    if request.method == "POST":
        return _forget(request, redirect("screener:start"))
    walk = journey_walk(session=request.session)
    if walk is None or not walk.answers:
        return redirect("screener:start")
    back_url = request.GET.get("from", "")
    if not url_has_allowed_host_and_scheme(back_url, allowed_hosts=None):
        back_url = target_url(walk.exit or walk.first_unanswered or CHECK_ANSWERS)
    return screener_render(
        request, "screener/start_again.html", {"back_url": back_url}, answers_kept=True
    )


@never_cache
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    """The timeout warning's "Delete my answers now", or the end of its countdown."""
    timed_out = request.POST.get("reason") == "timeout"
    return _forget(request, redirect("screener:expired" if timed_out else "screener:deleted"))


@screener_page
def deleted(request: HttpRequest) -> HttpResponse:
    return screener_render(request, "screener/deleted.html", answers_kept=False)


@screener_page
def expired(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning's countdown ends, once it has deleted the answers."""
    return screener_render(request, "screener/expired.html", answers_kept=False)


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The timeout warning's "Keep my answers": the session is saved, so its expiry moves on."""
    if journey_get(session=request.session) is None:
        return JsonResponse({"expired": True}, status=410)
    request.session.modified = True  # saved even if SESSION_SAVE_EVERY_REQUEST were off
    return JsonResponse(
        {
            "expires_in": request.session.get_expiry_age(),
            "expires_at": request.session.get_expiry_date().isoformat(),
        }
    )


@never_cache
@require_safe
def exit_page(request: HttpRequest) -> HttpResponse:
    """ "Exit this page": forget the answers and leave for a neutral site (QUICK_EXIT_URL).

    A GET that changes something, on purpose: it is a plain link, so that it works without
    JavaScript and from pages the public cache serves the same to everyone (the crisis page).
    Its only effect is to forget the visitor's own answers and the receipt of a contact
    request they sent (security review F9), which is safe to repeat; a link from another site
    can do no more than that.
    """
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"  # the neutral site is not told where from
    return _forget(request, response)


@screener_page
def step(request: HttpRequest, step_key: str) -> HttpResponse:
    step = STEPS_BY_KEY.get(step_key)
    if step is None:
        raise Http404
    walk = _walk_or_response(request)
    if isinstance(walk, HttpResponse):
        return walk
    target = flow_redirect(walk=walk, step=step)
    if target is not None:
        # Out of order (a later step's URL, or a POST replayed from a page no longer asked).
        return redirect(target_url(target))

    if request.method == "POST":
        form = StepForm(request.POST, step=step)
        if form.is_valid():
            walk = journey_answer(session=request.session, step_key=step.key, value=form.answer())
            reviewing = journey_reviewing(session=request.session)
            target = flow_after_answer(walk=walk, step=step, reviewing=reviewing)
            return marker_keep(redirect(target_url(target)), request)
    else:
        stored = journey_get(session=request.session)["answers"].get(step.key)
        form = StepForm(step=step, initial=StepForm.initial_for(step=step, value=stored))

    number, total = flow_section_position(step=step)
    previous = walk.previous(step)
    context = {
        "step": step,
        "form": form,
        "is_checklist": step.kind is Kind.CHECKLIST,
        "is_checkboxes": step.kind is Kind.CHECKBOXES,
        "progress": _("Part %(number)s of %(total)s: %(section)s")
        % {"number": number, "total": total, "section": step.section},
        "back_url": target_url(previous) if previous else reverse("screener:start"),
    }
    response = screener_render(request, "screener/step.html", context, answers_kept=True)
    return marker_keep(response, request)


@screener_page
def support(request: HttpRequest) -> HttpResponse:
    """The crisis page shown at once after a self-harm answer; the visitor may go on from it."""
    walk = journey_walk(session=request.session)
    self_harm = STEPS_BY_KEY["self-harm"]
    if walk is not None and self_harm in walk.steps and self_harm.key in walk.answers:
        reviewing = journey_reviewing(session=request.session)
        next_url = target_url(flow_next(walk=walk, step=self_harm, reviewing=reviewing))
        back_url = target_url(self_harm)
    else:
        next_url = back_url = None
    context = {"next_url": next_url, "back_url": back_url}
    return screener_render(request, "screener/support.html", context, answers_kept=walk is not None)


@screener_page
def for_adults(request: HttpRequest) -> HttpResponse:
    """The kind page for a visitor under 18."""
    return screener_render(
        request,
        "screener/for_adults.html",
        {"back_url": target_url(STEPS_BY_KEY["age"])},
        answers_kept=journey_get(session=request.session) is not None,
    )


def _incomplete_redirect(walk: Walk) -> HttpResponse | None:
    if walk.complete:
        return None
    return redirect(target_url(walk.exit or walk.first_unanswered))


@screener_page
def check_answers(request: HttpRequest) -> HttpResponse:
    walk = _walk_or_response(request)
    if isinstance(walk, HttpResponse):
        return walk
    if response := _incomplete_redirect(walk):
        return response
    journey_mark_reviewing(session=request.session)
    context = {"sections": check_answers_rows(walk=walk), "back_url": _last_step_url(walk)}
    response = screener_render(request, "screener/check_answers.html", context, answers_kept=True)
    return marker_keep(response, request)


@screener_page
def summary(request: HttpRequest) -> HttpResponse:
    walk = _walk_or_response(request)
    if isinstance(walk, HttpResponse):
        return walk
    if response := _incomplete_redirect(walk):
        return response
    context = summary_body_context(walk=walk, origin=request.build_absolute_uri("/"))
    context["contact_request_available"] = True
    context["for_visitor"] = True  # lines to write a name on, for the visitor's own copy
    if get_language() != "en":
        # A clinician who reads English gets the same answers in English.
        with override("en"):
            context["english_copy_url"] = reverse("screener:summary")
    response = screener_render(request, "screener/summary.html", context, answers_kept=True)
    return marker_keep(response, request)
