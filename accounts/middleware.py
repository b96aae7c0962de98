"""An absolute lifetime for staff sessions (security review F12, ASVS 3.3.2).

clinic_site.middleware.StaffSessionMiddleware ends a staff session after 30 minutes idle; one
kept busy would otherwise last for ever. The sign-in time is noted when Django signs the user in
(clinic_site/staff_activity.py), and the session ends STAFF_SESSION_MAX_SECONDS later, however
active. A signed-in session without the note (signed in before this was deployed) ends too.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout

from clinic_site.staff_activity import SIGNED_IN_AT_KEY


class StaffSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request with a session cookie can be signed in; others never touch the session.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY, 0)
            if time.time() - float(signed_in_at) > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
        return self.get_response(request)
