"""The Trust Manager pages. Views are thin: forms validate, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView

from admin_console.uploads import format_size
from admin_console.views import RoleRequiredMixin, UploadCapMixin
from truststores import services
from truststores.forms import CertificateImportForm, TrustStoreForm
from truststores.models import Certificate, TrustStore
from truststores.x509 import describe, safe_rfc4514

VIEW = "truststores.view_truststore"


class TrustStoreListView(RoleRequiredMixin, ListView):
    permission_required = VIEW
    template_name = "truststores/truststore_list.html"
    context_object_name = "stores"

    def get_queryset(self):
        return TrustStore.objects.with_summary().select_related("own")


class TrustStoreCreateView(RoleRequiredMixin, CreateView):
    permission_required = "truststores.add_truststore"
    form_class = TrustStoreForm
    template_name = "truststores/truststore_form.html"

    def form_valid(self, form: TrustStoreForm) -> HttpResponse:
        try:
            store = services.truststore_create(
                name=form.cleaned_data["name"], description=form.cleaned_data["description"], actor=self.request.user
            )
        except services.TrustStoreNameTaken as error:  # lost a race with another request
            form.add_error("name", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Created trust store '{store.name}'. It is anonymous and its certificate list is empty: import the "
            "target server's certificate or its CA next.",
        )
        return HttpResponseRedirect(store.get_absolute_url())


class StoreMixin:
    """Loads the store named by the URL's ``store_pk`` (or ``pk``) before anything else."""

    def get_store(self) -> TrustStore:
        if not hasattr(self, "_store"):
            pk = self.kwargs.get("store_pk", self.kwargs.get("pk"))
            self._store = get_object_or_404(TrustStore.objects.select_related("own"), pk=pk)
        return self._store


SORTS = {
    "alias": ["alias", "pk"],
    "expiry": ["not_after", "pk"],
    "-expiry": ["-not_after", "-pk"],
}


class TrustStoreDetailView(RoleRequiredMixin, StoreMixin, ListView):
    """The store page: own certificate panel and the certificate list (search, sort, 50 per page)."""

    permission_required = VIEW
    template_name = "truststores/truststore_detail.html"
    context_object_name = "certificates"

    def get_paginate_by(self, queryset) -> int:
        return settings.CONSOLE_PAGE_SIZE

    def get_queryset(self):
        sort = self.request.GET.get("sort", "alias")
        ordering = SORTS.get(sort, SORTS["alias"])
        return (
            Certificate.objects.filter(store=self.get_store())
            .search(self.request.GET.get("q", ""))
            .defer("der", "source")
            .order_by(*ordering)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        store = self.get_store()
        context.update(
            store=store,
            query=self.request.GET.get("q", "").strip(),
            sort=self.request.GET.get("sort") if self.request.GET.get("sort") in SORTS else "alias",
            destinations=services.store_bound_destinations(store),
            own=store.own_certificate,
        )
        own = context["own"]
        context["own_details"] = describe(own.certificate) if own is not None and own.certificate else None
        context["own_request_subject"] = safe_rfc4514(own.csr.subject) if own is not None and own.csr else ""
        context["own_chain_subjects"] = [safe_rfc4514(c.subject) for c in own.chain] if own is not None else []
        return context


class CertificateImportView(RoleRequiredMixin, UploadCapMixin, StoreMixin, FormView):
    permission_required = "truststores.add_certificate"
    form_class = CertificateImportForm
    template_name = "truststores/certificate_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(store=self.get_store(), limit=format_size(settings.CONSOLE_UPLOAD_MAX_BYTES), **kwargs)

    def form_valid(self, form: CertificateImportForm) -> HttpResponse:
        store = self.get_store()
        result = services.certificates_add(
            store=store, certificates=form.parsed.certificates, source=form.source, actor=self.request.user
        )
        level = messages.SUCCESS if result.imported else messages.INFO
        messages.add_message(self.request, level, f"{result.message()} ({form.parsed.format}).")
        for warning in result.warnings:
            messages.warning(self.request, warning)
        return HttpResponseRedirect(store.get_absolute_url())


class CertificateMixin(StoreMixin):
    def get_object(self, queryset=None) -> Certificate:
        return get_object_or_404(Certificate.objects.select_related("store", "imported_by"), store=self.get_store(), pk=self.kwargs["pk"])


class CertificateDetailView(RoleRequiredMixin, CertificateMixin, DetailView):
    permission_required = VIEW
    template_name = "truststores/certificate_detail.html"
    context_object_name = "certificate"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["details"] = describe(self.object.x509)
        context["store"] = self.object.store
        return context


def _download_name(text: str, extension: str) -> str:
    return f"{slugify(text) or 'certificate'}.{extension}"


class CertificateDownloadView(RoleRequiredMixin, CertificateMixin, View):
    permission_required = VIEW
    http_method_names = ["get"]

    encoding = "pem"

    def get(self, request, store_pk: int, pk: int) -> HttpResponse:
        certificate = self.get_object()
        if self.encoding == "pem":
            response = HttpResponse(certificate.pem, content_type="application/x-pem-file")
            name = _download_name(certificate.alias, "pem")
        else:
            response = HttpResponse(bytes(certificate.der), content_type="application/pkix-cert")
            name = _download_name(certificate.alias, "cer")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CertificateRemoveView(RoleRequiredMixin, CertificateMixin, TemplateView):
    """GET shows the confirmation page; POST removes."""

    permission_required = "truststores.delete_certificate"
    template_name = "truststores/certificate_confirm_remove.html"

    def get_context_data(self, **kwargs):
        certificate = self.get_object()
        return super().get_context_data(certificate=certificate, store=certificate.store, **kwargs)

    def post(self, request, *args, **kwargs) -> HttpResponse:
        certificate = self.get_object()
        store = certificate.store
        alias = certificate.alias
        services.certificate_remove(certificate=certificate, actor=request.user)
        messages.success(request, f"Removed certificate '{alias}' from '{store.name}'.")
        return HttpResponseRedirect(store.get_absolute_url())


class TrustStoreExportView(RoleRequiredMixin, StoreMixin, View):
    permission_required = VIEW
    http_method_names = ["get"]

    def get(self, request, pk: int) -> HttpResponse:
        store = self.get_store()
        response = HttpResponse(services.truststore_export_pem(store), content_type="application/x-pem-file")
        response["Content-Disposition"] = f'attachment; filename="{_download_name(store.name, "pem")}"'
        return response


class TrustStoreDeleteView(RoleRequiredMixin, StoreMixin, TemplateView):
    """GET shows the confirmation (or why it is refused); POST deletes."""

    permission_required = "truststores.delete_truststore"
    template_name = "truststores/truststore_confirm_delete.html"

    def get_context_data(self, **kwargs):
        store = self.get_store()
        return super().get_context_data(
            store=store,
            certificate_count=store.certificates.count(),
            destinations=services.store_bound_destinations(store),
            **kwargs,
        )

    def post(self, request, *args, **kwargs) -> HttpResponse:
        store = self.get_store()
        try:
            services.truststore_delete(store=store, actor=request.user)
        except services.TrustStoreInUse as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(store.get_absolute_url())
        messages.success(request, f"Deleted trust store '{store.name}'.")
        return HttpResponseRedirect(reverse("truststores:truststore_list"))
