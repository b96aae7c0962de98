from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "clinic"

# Spanish addresses come from locale/es (nuestro-equipo/, como-llegar/, tratamientos-y-costos/).
urlpatterns = [
    path(_("our-team/"), views.team, name="team"),
    path(_("visiting-us/"), views.visiting, name="visiting"),
    path(_("treatments-and-costs/"), views.treatments, name="treatments"),
]
