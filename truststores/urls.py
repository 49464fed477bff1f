from django.urls import path

from truststores import own_views, views

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
    path("<int:pk>/own/key-pair/", own_views.OwnKeyPairCreateView.as_view(), name="own_key_pair"),
    path("<int:pk>/own/request.csr", own_views.OwnCsrDownloadView.as_view(), name="own_csr"),
    path("<int:pk>/own/response/", own_views.OwnResponseImportView.as_view(), name="own_response"),
    path("<int:pk>/own/pkcs12/import/", own_views.OwnPkcs12ImportView.as_view(), name="own_pkcs12_import"),
    path("<int:pk>/own/pkcs12/export/", own_views.OwnPkcs12ExportView.as_view(), name="own_pkcs12_export"),
    path("<int:pk>/own/certificate.pem", own_views.OwnCertificateDownloadView.as_view(), name="own_certificate"),
    path("<int:pk>/own/reset/", own_views.OwnResetView.as_view(), name="own_reset"),
]
