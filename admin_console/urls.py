from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from admin_console import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("audit/", views.AuditEventListView.as_view(), name="audit_log"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("truststores/", include("truststores.urls")),
    path("destinations/", include("destinations.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "admin_console.views.bad_request"
