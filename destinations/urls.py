from django.urls import path

from destinations import views

app_name = "destinations"

urlpatterns = [
    path("", views.HttpDestinationListView.as_view(), name="destination_list"),
]
