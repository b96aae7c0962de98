from django.urls import path

from . import views

app_name = "screener"

# Fixed pages first: a step's URL is /screener/<step-key>/, and no step uses these slugs.
urlpatterns = [
    path("", views.start, name="start"),
    path("start-again/", views.start_again, name="start-again"),
    path("check-your-answers/", views.check_answers, name="check-answers"),
    path("summary/", views.summary, name="summary"),
    path("support/", views.support, name="support"),
    path("for-adults/", views.for_adults, name="for-adults"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    path("expired/", views.expired, name="expired"),
    path("exit/", views.exit_page, name="exit"),
    path("<slug:step_key>/", views.step, name="step"),
]
