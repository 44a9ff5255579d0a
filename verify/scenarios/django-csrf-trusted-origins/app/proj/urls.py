# A cookie-session API: the POST view keeps Django's CSRF protection (no csrf_exempt).
from django.http import JsonResponse
from django.urls import path


def items(request):
    response = JsonResponse({"ok": True})
    response["X-Total-Count"] = "42"
    return response


urlpatterns = [
    path("api/items", items),
]
