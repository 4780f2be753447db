"""A database that does not answer (PostgreSQL restarting, a dropped connection) is a 503 with Retry-After.

This middleware turns the error of a view, API views included, into the Chinese page or the API's JSON.
An error raised in another middleware (the session is read in the sign-in check and saved on the way out)
never reaches ``process_exception``; Django hands it to ``handler500``, which makes the same answer
(procuracy.error_views.server_error).
"""

from .error_views import database_unavailable, is_database_unavailable


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None
