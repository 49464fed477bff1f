from django.views.generic import ListView

from admin_console.views import RoleRequiredMixin
from truststores.models import TrustStore


class TrustStoreListView(RoleRequiredMixin, ListView):
    permission_required = "truststores.view_truststore"
    model = TrustStore
    template_name = "truststores/truststore_list.html"
    context_object_name = "stores"
