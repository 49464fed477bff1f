from django.views.generic import ListView

from admin_console.views import RoleRequiredMixin
from destinations.models import HttpDestination


class HttpDestinationListView(RoleRequiredMixin, ListView):
    permission_required = "destinations.view_httpdestination"
    model = HttpDestination
    template_name = "destinations/destination_list.html"
    context_object_name = "destinations"
