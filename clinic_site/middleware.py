from django.db import DatabaseError
from django.shortcuts import render


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection inside a view into the friendly 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None
