"""A URL map with one careless endpoint: csrf_exempt and taking POST (for test_csrf_map)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from broadsheet.urls import urlpatterns as site_urlpatterns


@csrf_exempt
def careless(request, number):
    return HttpResponse("done")


planted = [path("planted/<int:number>/", careless)]
urlpatterns = planted + site_urlpatterns
