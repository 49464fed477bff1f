from django.urls import path

from truststores import views

app_name = "truststores"

urlpatterns = [
    path("", views.TrustStoreListView.as_view(), name="truststore_list"),
]
