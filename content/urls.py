from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("search/"), views.search, name="search"),
    # Last: every other single-segment address is looked up as a page.
    path("<slug:slug>/", views.page_detail, name="page"),
]
