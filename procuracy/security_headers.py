"""Nothing the application answers is kept by a browser or a proxy cache.

Pages, API responses and downloads carry business content that must not be left behind on a shared computer
(the back button after sign-out, a disk cache) or in a proxy between the office and the server. Static files
are served before this middleware (WhiteNoise sits above it) and stay cacheable; everything else is
``Cache-Control: no-store``, the sign-in page included, where it costs nothing.
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response
