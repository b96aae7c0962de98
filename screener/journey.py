"""The visitor's answers in their server-side session, under one key; nowhere else.

The session expires after SESSION_COOKIE_AGE (30 minutes) idle: that one setting is the time
limit, which the pages state and the timeout warning counts down. A marker cookie, which holds
no answers and identifies no one, remembers that a journey was started, so that a visitor whose
answers expired is told so instead of being silently sent back to the start.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import ngettext

from .flow import Walk, flow_walk

SESSION_KEY = "screener"
# The contact form's receipt (consultations.views.CONFIRMATION_KEY): it says that this visitor
# asked the clinic to call, so leaving in a hurry deletes it too (security review F9).
CONTACT_RECEIPT_KEY = "consultations:confirmation"
MARKER_COOKIE = "screener_started"
MARKER_MAX_AGE = 24 * 60 * 60  # long enough to explain an expiry; holds only "1"


def journey_get(*, session: SessionBase) -> dict[str, Any] | None:
    """The journey in this session, or None when none was started (or it expired)."""
    journey = session.get(SESSION_KEY)
    if not isinstance(journey, dict) or not isinstance(journey.get("answers"), dict):
        return None
    return journey


def journey_start(*, session: SessionBase) -> None:
    """Begin a fresh journey, dropping any earlier answers."""
    session[SESSION_KEY] = {"answers": {}, "reviewing": False}


def journey_clear(*, session: SessionBase) -> None:
    """Delete the answers on the server now, not only from the visitor's view of them, and the
    receipt of a contact request, which would tell the next person at this device as much.

    A session left with nothing else in it is deleted outright (its row and then its cookie):
    an emptied session would otherwise stay in the session table until it expired. A signed-in
    member of staff keeps their own sign-in.
    """
    session.pop(SESSION_KEY, None)
    session.pop(CONTACT_RECEIPT_KEY, None)
    if not session.keys():
        session.flush()


def journey_walk(*, session: SessionBase) -> Walk | None:
    journey = journey_get(session=session)
    return flow_walk(answers=journey["answers"]) if journey is not None else None


def journey_answer(*, session: SessionBase, step_key: str, value: Any) -> Walk:
    """Store one answer (replacing any earlier one) and return the journey as it now stands."""
    journey = journey_get(session=session)
    if journey is None:
        raise LookupError("no screener journey in this session")
    journey["answers"][step_key] = value
    session.modified = True
    return flow_walk(answers=journey["answers"])


def journey_reviewing(*, session: SessionBase) -> bool:
    """Whether the visitor has reached "Check your answers" (Continue then returns there)."""
    journey = journey_get(session=session)
    return bool(journey and journey.get("reviewing"))


def journey_mark_reviewing(*, session: SessionBase) -> None:
    journey = journey_get(session=session)
    if journey is not None and not journey.get("reviewing"):
        journey["reviewing"] = True
        session.modified = True


def journey_time_limit() -> int:
    """Seconds without a request after which the answers are deleted."""
    return settings.SESSION_COOKIE_AGE


def journey_time_limit_text() -> str:
    """The time limit in words, as the pages state it: "30 minutes"."""
    seconds = journey_time_limit()
    if seconds % 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = seconds // 60
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def journey_warning_lead() -> int:
    """Seconds before the time limit at which the page warns (never more than half of it)."""
    return min(settings.SCREENER_TIMEOUT_WARNING_SECONDS, journey_time_limit() // 2)
