from django.urls import path

from destinations import views

app_name = "destinations"

urlpatterns = [
    path("", views.HttpDestinationListView.as_view(), name="destination_list"),
    path("new/", views.HttpDestinationCreateView.as_view(), name="destination_create"),
    path("import/", views.HttpDestinationImportView.as_view(), name="destination_import"),
    path("<int:pk>/", views.HttpDestinationDetailView.as_view(), name="destination_detail"),
    path("<int:pk>/edit/", views.HttpDestinationUpdateView.as_view(), name="destination_update"),
    path("<int:pk>/bind/", views.HttpDestinationBindView.as_view(), name="destination_bind"),
    path("<int:pk>/delete/", views.HttpDestinationDeleteView.as_view(), name="destination_delete"),
    path("<int:pk>/export/", views.HttpDestinationExportView.as_view(), name="destination_export"),
    path("<int:pk>/test/", views.HttpDestinationTestView.as_view(), name="destination_test"),
    path("<int:pk>/fetch/", views.HttpDestinationFetchView.as_view(), name="destination_fetch"),
    path("<int:pk>/trust/", views.HttpDestinationTrustView.as_view(), name="destination_trust"),
]
