from django.contrib import admin

from admin_console.admin import ReadOnlyAdmin
from truststores.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["subject_cn", "issuer_cn", "not_after", "sha256", "alias"]
    list_filter = ["store"]
    search_fields = ["subject", "issuer", "alias", "sha256"]
    exclude = ["der"]
