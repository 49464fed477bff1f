from django.urls import path

from truststores import views

app_name = "truststores"

urlpatterns = [
    path("", views.TrustStoreListView.as_view(), name="truststore_list"),
    path("new/", views.TrustStoreCreateView.as_view(), name="truststore_create"),
    path("<int:pk>/", views.TrustStoreDetailView.as_view(), name="truststore_detail"),
    path("<int:pk>/delete/", views.TrustStoreDeleteView.as_view(), name="truststore_delete"),
    path("<int:pk>/export/", views.TrustStoreExportView.as_view(), name="truststore_export"),
    path("<int:store_pk>/import/", views.CertificateImportView.as_view(), name="certificate_import"),
    path("<int:store_pk>/certificates/<int:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"),
    path(
        "<int:store_pk>/certificates/<int:pk>/certificate.pem",
        views.CertificateDownloadView.as_view(encoding="pem"),
        name="certificate_pem",
    ),
    path(
        "<int:store_pk>/certificates/<int:pk>/certificate.cer",
        views.CertificateDownloadView.as_view(encoding="der"),
        name="certificate_der",
    ),
    path("<int:store_pk>/certificates/<int:pk>/remove/", views.CertificateRemoveView.as_view(), name="certificate_remove"),
]
