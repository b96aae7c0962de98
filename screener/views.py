"""Thin, generic views: read the journey, ask flow.py where to go, render or redirect."""

from functools import lru_cache, wraps

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from .flow import CHECK_ANSWERS, Walk, flow_after_answer, flow_next, flow_redirect
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
    journey_walk,
)
from .questions import STEPS, STEPS_BY_KEY, Kind, Step
from .summary import check_answers_rows, summary_body_context

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
# The headers django.views.decorators.cache.never_cache sends, written directly: it parses and
# rebuilds Cache-Control on every response, about 3% of an answer's time.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def screener_page(view):
    """Never cached; answer OPTIONS like a class-based view, refuse methods a form never sends."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        elif request.method == "OPTIONS":
            response = HttpResponse()
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            response["Content-Length"] = "0"
        else:
            response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = NEVER_CACHE
        response.headers["Expires"] = http_date()
        return response

    return wrapper


def target_url(target: Step | str) -> str:
    if isinstance(target, Step):
        return _address("screener:step", target.key, get_script_prefix())
    return _address(target, None, get_script_prefix())


@lru_cache(maxsize=256)
def _address(url_name: str, step_key: str | None, script_prefix: str) -> str:
    """reverse(), worked out once per address: it took about 3% of each answer's time.

    The script prefix is part of the key because reverse() reads it from the request.
    """
    return reverse(url_name, args=[step_key] if step_key else None)


def redirect_to(target: Step | str) -> HttpResponseRedirect:
    # Not django.shortcuts.redirect(url): it first tries the URL as a route name, and that
    # failed lookup cost each answer about 5% of its time.
    return HttpResponseRedirect(target_url(target))


def _with_marker(
    response: HttpResponse, request: HttpRequest, *, fresh_start: bool = False
) -> HttpResponse:
    """Keep the marker that tells an expired journey from one never started.

    Its day counts from the journey's start. Other pages only put it back when the browser has
    lost it: sending it again with every answer took about 4% of a step's time.
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
        return render(request, "screener/expired.html")
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
        return _with_marker(redirect("screener:step", "age"), request, fresh_start=True)
    walk = journey_walk(session=request.session)
    resume_url = None
    if walk is not None and walk.answers:
        resume_url = target_url(walk.exit or walk.first_unanswered or CHECK_ANSWERS)
    context = {"resume_url": resume_url, "question_count": len(STEPS)}
    return render(request, "screener/start.html", context)


@screener_page
def start_again(request: HttpRequest) -> HttpResponse:
    """Forget every answer and go back to the start page."""
    if request.method == "POST":
        journey_clear(session=request.session)
        response = redirect("screener:start")
        response.delete_cookie(MARKER_COOKIE, samesite="Lax")
        return response
    return redirect("screener:start")


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
        return redirect_to(target)

    if request.method == "POST":
        form = StepForm(request.POST, step=step)
        if form.is_valid():
            walk = journey_answer(session=request.session, step_key=step.key, value=form.answer())
            reviewing = journey_reviewing(session=request.session)
            target = flow_after_answer(walk=walk, step=step, reviewing=reviewing)
            return _with_marker(redirect_to(target), request)
    else:
        stored = journey_get(session=request.session)["answers"].get(step.key)
        form = StepForm(step=step, initial=StepForm.initial_for(step=step, value=stored))

    number, total = walk.position(step)
    previous = walk.previous(step)
    context = {
        "step": step,
        "form": form,
        "is_checklist": step.kind is Kind.CHECKLIST,
        "is_checkboxes": step.kind is Kind.CHECKBOXES,
        "progress": _("Question %(number)s of %(total)s") % {"number": number, "total": total},
        "back_url": target_url(previous) if previous else reverse("screener:start"),
    }
    return _with_marker(render(request, "screener/step.html", context), request)


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
    return render(request, "screener/support.html", {"next_url": next_url, "back_url": back_url})


@screener_page
def for_adults(request: HttpRequest) -> HttpResponse:
    """The kind page for a visitor under 18."""
    return render(
        request, "screener/for_adults.html", {"back_url": target_url(STEPS_BY_KEY["age"])}
    )


def _incomplete_redirect(walk: Walk) -> HttpResponse | None:
    if walk.complete:
        return None
    return redirect_to(walk.exit or walk.first_unanswered)


@screener_page
def check_answers(request: HttpRequest) -> HttpResponse:
    walk = _walk_or_response(request)
    if isinstance(walk, HttpResponse):
        return walk
    if response := _incomplete_redirect(walk):
        return response
    journey_mark_reviewing(session=request.session)
    return _with_marker(
        render(
            request,
            "screener/check_answers.html",
            {"sections": check_answers_rows(walk=walk), "back_url": _last_step_url(walk)},
        ),
        request,
    )


def consultation_request_available() -> bool:
    """Whether the consultations app provides its "ask the clinic to contact me" form."""
    try:
        reverse("consultations:request")
    except NoReverseMatch:
        return False
    return True


@screener_page
def summary(request: HttpRequest) -> HttpResponse:
    walk = _walk_or_response(request)
    if isinstance(walk, HttpResponse):
        return walk
    if response := _incomplete_redirect(walk):
        return response
    context = summary_body_context(walk=walk)
    context["contact_request_available"] = consultation_request_available()
    return _with_marker(render(request, "screener/summary.html", context), request)
