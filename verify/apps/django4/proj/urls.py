import functools

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def require_token(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.headers.get("Authorization") != "Bearer s3cret":
            return JsonResponse({"error": "unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return wrapped


# Token-authenticated JSON API: no CSRF cookie flow.
@csrf_exempt
def items(request):
    response = JsonResponse({"ok": True})
    response["X-Total-Count"] = "42"
    return response


# An unhandled error: Django's exception handling answers 500 with handler500 (DEBUG is off).
def error(request):
    raise RuntimeError("boom")


@csrf_exempt
@require_token
def private(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("api/items", items),
    path("api/error", error),
    path("api/private", private),
]
