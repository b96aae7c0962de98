from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("contact/", views.request_form, name="request"),
    path("contact/sent/", views.request_sent, name="sent"),
]
