from django.urls import path
from django.views.generic import TemplateView

app_name = "screener"

urlpatterns = [
    path("", TemplateView.as_view(template_name="screener/start.html"), name="start"),
]
