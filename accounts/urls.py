"""Django's own "forgot your password" views for staff, under the admin's address.

Included from the root URLconf without a namespace: Django's admin login page shows its
"Forgotten your password or username?" link when a URL named admin_password_reset exists, and
the reset views reverse the other names themselves.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
