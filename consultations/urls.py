from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "consultations"

urlpatterns = [
    path(_("contact/"), views.request_form, name="request"),
    path(_("contact/sent/"), views.request_sent, name="sent"),
]
