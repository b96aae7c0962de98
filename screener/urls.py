from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "screener"

# Fixed pages first: a step's URL is /screener/<step-key>/, and no step uses these slugs.
urlpatterns = [
    path("", views.start, name="start"),
    path("start-again/", views.start_again, name="start-again"),
    path("check-your-answers/", views.check_answers, name="check-answers"),
    path("summary/", views.summary, name="summary"),
    # The page a self-harm answer leads to has a neutral address: a proxy's access log of
    # addresses must not record that answer (security review F13). The old address, which only
    # ever showed the same public information, sends its visitors on.
    path("message/", views.support, name="support"),
    path("support/", RedirectView.as_view(pattern_name="screener:support"), name="support-old"),
    path("for-adults/", views.for_adults, name="for-adults"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    path("expired/", views.expired, name="expired"),
    path("exit/", views.exit_page, name="exit"),
    path("<slug:step_key>/", views.step, name="step"),
]
