# The app's routes end with a slash (Django's convention); the front end calls /api/items.
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def items(request):
    response = JsonResponse({"ok": True})
    response["X-Total-Count"] = "42"
    return response


urlpatterns = [
    path("api/items/", items),
]
