"""The HTTP destination pages. Views are thin: forms validate, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from admin_console.views import RoleRequiredMixin, UploadCapMixin
from destinations import connection, services
from destinations.checks import binding_warnings
from destinations.forms import BindForm, DestinationForm, ImportForm, TrustForm
from destinations.probe import ProbeError
from destinations.netguard import AddressBlocked
from destinations.models import HttpDestination

VIEW = "destinations.view_httpdestination"
CHANGE = "destinations.change_httpdestination"


class DestinationMixin:
    def get_destination(self) -> HttpDestination:
        if not hasattr(self, "_destination"):
            self._destination = get_object_or_404(HttpDestination.objects.select_related("truststore"), pk=self.kwargs["pk"])
        return self._destination


class HttpDestinationListView(RoleRequiredMixin, ListView):
    permission_required = VIEW
    template_name = "destinations/destination_list.html"
    context_object_name = "destinations"

    def get_queryset(self):
        return HttpDestination.objects.select_related("truststore")


class HttpDestinationDetailView(RoleRequiredMixin, DestinationMixin, DetailView):
    permission_required = VIEW
    template_name = "destinations/destination_detail.html"
    context_object_name = "destination"

    def get_object(self, queryset=None) -> HttpDestination:
        return self.get_destination()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        destination = self.object
        context.update(
            warnings=binding_warnings(destination),
            bind_form=BindForm(initial={"truststore": destination.truststore_id}),
            effective_timeout=destination.effective_timeout_seconds(settings.CONSOLE_OUTBOUND_TIMEOUT_SECONDS),
            default_timeout=settings.CONSOLE_OUTBOUND_TIMEOUT_SECONDS,
        )
        return context


class HttpDestinationCreateView(RoleRequiredMixin, FormView):
    permission_required = "destinations.add_httpdestination"
    form_class = DestinationForm
    template_name = "destinations/destination_form.html"

    def get_initial(self) -> dict:
        return {"port": 443, "use_ssl": True, "ssl_host_check": True, "timeout": 0}

    def form_valid(self, form: DestinationForm) -> HttpResponse:
        values = form.file_values()
        try:
            destination = services.destination_create(
                package=form.cleaned_data["package"], name=form.cleaned_data["name"], values=values, actor=self.request.user
            )
        except services.DestinationExists as error:  # lost a race with another request
            form.add_error("name", str(error))
            return self.form_invalid(form)
        services.destination_set_credentials(
            destination=destination, user=form.cleaned_data["basic_user"], password=form.password_change(), actor=self.request.user
        )
        messages.success(self.request, f"Created destination {destination}. Bind a trust store to it next.")
        return HttpResponseRedirect(destination.get_absolute_url())


class HttpDestinationUpdateView(RoleRequiredMixin, DestinationMixin, FormView):
    permission_required = CHANGE
    form_class = DestinationForm
    template_name = "destinations/destination_form.html"

    def get_form_kwargs(self) -> dict:
        # A copy: a ModelForm writes cleaned values into its instance, and the service
        # compares the stored destination with the new values to audit what changed.
        copy = HttpDestination.objects.get(pk=self.get_destination().pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def get_context_data(self, **kwargs):
        return super().get_context_data(destination=self.get_destination(), **kwargs)

    def form_valid(self, form: DestinationForm) -> HttpResponse:
        destination = self.get_destination()
        values = form.file_values()
        values.update(package=form.cleaned_data["package"], name=form.cleaned_data["name"])
        changed = services.destination_update(destination=destination, values=values, actor=self.request.user)
        services.destination_set_credentials(
            destination=destination, user=form.cleaned_data["basic_user"], password=form.password_change(), actor=self.request.user
        )
        messages.success(self.request, f"Saved destination {destination}." if changed or form.has_changed() else "Nothing changed.")
        return HttpResponseRedirect(destination.get_absolute_url())


class HttpDestinationBindView(RoleRequiredMixin, DestinationMixin, View):
    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        form = BindForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose one of the listed trust stores (it may have been deleted meanwhile).")
        else:
            store = form.cleaned_data["truststore"]
            if services.destination_bind(destination=destination, store=store, actor=request.user):
                messages.success(
                    request, f"Bound trust store '{store}' to {destination}." if store else f"{destination} has no trust store now."
                )
            else:
                messages.info(request, "The binding did not change.")
        return HttpResponseRedirect(destination.get_absolute_url())


class HttpDestinationDeleteView(RoleRequiredMixin, DestinationMixin, TemplateView):
    permission_required = "destinations.delete_httpdestination"
    template_name = "destinations/destination_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(destination=self.get_destination(), **kwargs)

    def post(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        label = str(destination)
        services.destination_delete(destination=destination, actor=request.user)
        messages.success(request, f"Deleted destination {label}.")
        return HttpResponseRedirect(reverse("destinations:destination_list"))


class HttpDestinationExportView(RoleRequiredMixin, DestinationMixin, View):
    permission_required = VIEW
    http_method_names = ["get"]

    def get(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        response = HttpResponse(services.destination_export(destination), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{destination.name}.xshttpdest"'
        return response


class HttpDestinationImportView(RoleRequiredMixin, UploadCapMixin, FormView):
    permission_required = "destinations.add_httpdestination"
    form_class = ImportForm
    template_name = "destinations/destination_import.html"

    def form_valid(self, form: ImportForm) -> HttpResponse:
        from destinations.xshttpdest import split_path

        files = []
        for upload in form.cleaned_data["files"]:
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("files", f"{upload.name}: not UTF-8 text; an .xshttpdest file is text.")
                return self.form_invalid(form)
            _, name = split_path(upload.name)
            files.append(services.ImportFile(upload.name, text, form.cleaned_data["package"], name))
        outcome = services.destinations_import(files=files, replace=form.cleaned_data["replace"], actor=self.request.user)
        if isinstance(outcome, list):
            for problem in outcome:
                form.add_error("files", str(problem))
            form.add_error(None, "Nothing was imported: fix the files below and try again.")
            return self.form_invalid(form)
        parts = [f"created {len(outcome.created)}", f"replaced {len(outcome.updated)}"]
        if outcome.unchanged:
            parts.append(f"{len(outcome.unchanged)} unchanged")
        messages.success(self.request, f"Imported {len(files)} file{'s' if len(files) != 1 else ''}: {', '.join(parts)}.")
        for warning in outcome.warnings:
            messages.warning(self.request, f"{warning} — imported as written; fix the host before calling it.")
        if len(outcome.created) == 1 and not outcome.updated:
            return HttpResponseRedirect(outcome.created[0].get_absolute_url())
        return HttpResponseRedirect(reverse("destinations:destination_list"))


class HttpDestinationTestView(RoleRequiredMixin, DestinationMixin, View):
    """POST: call the destination now, show the outcome and store it as the last test."""

    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        path = request.POST.get("path", "").strip()
        result = connection.destination_test(destination=destination, path=path, actor=request.user)
        destination.refresh_from_db()
        return render(request, "destinations/destination_test.html", {"destination": destination, "result": result, "path": path})


class HttpDestinationFetchView(RoleRequiredMixin, DestinationMixin, View):
    """POST: read the server's chain (unverified) and offer to trust chosen certificates."""

    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        try:
            chain = connection.destination_fetch(destination=destination, actor=request.user)
        except (ProbeError, AddressBlocked) as error:
            messages.error(request, f"Could not read the server's chain: {error}")
            return HttpResponseRedirect(destination.get_absolute_url())
        # Suggest the issuing CA the server sent (the top presented CA), else the leaf.
        presented = [entry for entry in chain if entry.presented]
        suggested = next((entry for entry in presented if entry.is_ca), presented[-1] if presented else None)
        form = TrustForm(
            chain=chain,
            initial={"truststore": destination.truststore_id, "sha256": [suggested.sha256_hex] if suggested else []},
        )
        return render(request, "destinations/destination_fetch.html", {"destination": destination, "chain": chain, "form": form})


class HttpDestinationTrustView(RoleRequiredMixin, DestinationMixin, View):
    """POST: import the chosen certificates, fetched again from the server, then offer to test again."""

    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        destination = self.get_destination()
        form = TrustForm(request.POST)
        form.set_fingerprint_choices(request.POST.getlist("sha256"))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(destination.get_absolute_url())
        store = form.cleaned_data["truststore"]
        try:
            result = connection.destination_trust(
                destination=destination, store=store, sha256s=form.cleaned_data["sha256"], actor=request.user
            )
        except (ProbeError, AddressBlocked, connection.FingerprintGone) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(destination.get_absolute_url())
        messages.success(request, f"{result.message()} into '{store}'. Test the connection again.")
        for warning in result.warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(destination.get_absolute_url())
