from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clinic_site.client_address import client_ip_address
from clinic_site.models import SiteSettings

from .forms import ConsultationRequestForm
from .models import ConsultationRequest
from .protection import form_token_issue, form_token_key, rate_limit_allow
from .services import consultation_request_notify, consultation_request_submit

CONFIRMATION_KEY = "consultations:confirmation"


def screener_summary(*, request) -> str | None:
    """The visitor's completed screener summary, or None."""
    # Imported here so the contact page never depends on the screener at import time.
    from screener.summary import screener_summary_html

    return screener_summary_html(session=request.session)


def screener_summary_crisis(*, request) -> bool:
    """Whether the visitor's completed screener answers called for the crisis resources."""
    from screener.journey import journey_walk
    from screener.rules import summary_build

    walk = journey_walk(session=request.session)
    if walk is None or not walk.complete:
        return False
    return summary_build(answers=walk.answers).crisis


def receipt_for(*, consultation_request: ConsultationRequest, repeated: bool) -> dict:
    """What the confirmation page may show: the reference and yes/no facts, no details."""
    return {
        "reference": consultation_request.reference,
        "summary_shared": consultation_request.summary_shared,
        "same_day": consultation_request.same_day_review,
        "by_phone": bool(consultation_request.phone),
        "by_email": bool(consultation_request.email),
        "repeated": repeated,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request):
    """Show the contact details and the form; save a request, then redirect to a receipt."""
    summary_html = screener_summary(request=request)
    form_options = {
        "summary_available": summary_html is not None,
        "clinic_name": SiteSettings.load().clinic_name,
    }
    status = 200
    if request.method == "POST":
        form = ConsultationRequestForm(request.POST, **form_options)
        if form.is_valid():
            submission_key = form_token_key(token=form.cleaned_data["form_token"])
            existing = (
                ConsultationRequest.objects.filter(submission_key=submission_key).first()
                if submission_key
                else None
            )
            if existing:
                # The same form again (refresh, back button, double click): no second request.
                request.session[CONFIRMATION_KEY] = receipt_for(
                    consultation_request=existing, repeated=True
                )
                return redirect("consultations:sent")
            if not submission_key:
                form.add_error(
                    None,
                    gettext(
                        "This form was open for too long and has expired. Check your details, "
                        "then select “Send request” again"
                    ),
                )
            elif not rate_limit_allow(address=client_ip_address(request) or ""):
                form.add_error(
                    None,
                    gettext(
                        "You have sent several requests in the last hour, so we cannot accept "
                        "another one just now. Please call us, or try again in an hour"
                    ),
                )
                status = 429
            else:
                share = summary_html is not None and form.cleaned_data.get("share_summary")
                consultation_request, created = consultation_request_submit(
                    submission_key=submission_key,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    best_time=form.cleaned_data["best_time"],
                    message=form.cleaned_data["message"],
                    summary_html=summary_html if share else None,
                    summary_crisis=bool(share) and screener_summary_crisis(request=request),
                    requested_for=form.cleaned_data.get("requested_for") or "",
                )
                if created:
                    consultation_request_notify(
                        consultation_request=consultation_request,
                        admin_url=request.build_absolute_uri(
                            reverse(
                                "admin:consultations_consultationrequest_change",
                                args=[consultation_request.pk],
                            )
                        ),
                    )
                request.session[CONFIRMATION_KEY] = receipt_for(
                    consultation_request=consultation_request, repeated=not created
                )
                return redirect("consultations:sent")
        # The page shown again carries a new token, so the visitor can send from it.
        form.data = form.data.copy()
        form.data["form_token"] = form_token_issue()
    else:
        form = ConsultationRequestForm(initial={"form_token": form_token_issue()}, **form_options)
    return render(request, "consultations/request.html", {"form": form}, status=status)


@never_cache
def request_sent(request):
    """Confirm a sent request: reference, what happens next, and where to get help now."""
    receipt = request.session.get(CONFIRMATION_KEY)
    if not receipt:
        return redirect("consultations:request")
    return render(request, "consultations/sent.html", {"receipt": receipt})
