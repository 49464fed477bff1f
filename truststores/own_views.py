"""The own-certificate panel's actions. TrustStoreViewer sees and downloads public material;
TrustStoreAdministrator creates, imports, exports (with the key) and resets."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView, TemplateView

from admin_console.views import RoleRequiredMixin, UploadCapMixin
from truststores import keys, own
from truststores.forms import CertificateImportForm, KeyPairForm, Pkcs12ExportForm, Pkcs12ImportForm
from truststores.views import StoreMixin
from truststores.x509 import CertificateInputError

VIEW = "truststores.view_truststore"
CHANGE = "truststores.change_truststore"


def _download(content: bytes | str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class OwnFormView(RoleRequiredMixin, StoreMixin, FormView):
    permission_required = CHANGE
    heading = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(store=self.get_store(), heading=self.heading, **kwargs)

    def done(self, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_store().get_absolute_url())


class OwnKeyPairCreateView(OwnFormView):
    form_class = KeyPairForm
    template_name = "truststores/own_key_pair_form.html"
    heading = "Create key pair"

    def form_valid(self, form: KeyPairForm) -> HttpResponse:
        store = self.get_store()
        try:
            own.own_key_pair_create(
                store=store, subject=form.cleaned_data["subject"], sans=form.cleaned_data["san_names"],
                key_type=form.cleaned_data["key_type"], actor=self.request.user,
            )
        except (own.OwnCertificateError, keys.KeyInputError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done(
            f"Created an {keys.KEY_TYPES[form.cleaned_data['key_type']]} key pair for '{store}'. Download the certificate "
            "request, have your CA sign it, then import the certificate response."
        )


class OwnResponseImportView(UploadCapMixin, OwnFormView):
    form_class = CertificateImportForm
    template_name = "truststores/own_upload_form.html"
    heading = "Import certificate response"

    def form_valid(self, form: CertificateImportForm) -> HttpResponse:
        try:
            result = own.own_certificate_import_response(store=self.get_store(), data=form.raw, actor=self.request.user)
        except (own.OwnCertificateError, CertificateInputError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done(f"The own certificate of '{self.get_store()}' is active: {result.certificate.subject.rfc4514_string()}.")


class OwnPkcs12ImportView(UploadCapMixin, OwnFormView):
    form_class = Pkcs12ImportForm
    template_name = "truststores/own_upload_form.html"
    heading = "Import PKCS#12"

    def form_valid(self, form: Pkcs12ImportForm) -> HttpResponse:
        try:
            own.own_pkcs12_import(
                store=self.get_store(), data=form.cleaned_data["file"].read(), password=form.cleaned_data["password"],
                actor=self.request.user,
            )
        except (own.OwnCertificateError, keys.KeyInputError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done(f"Imported the key, certificate and chain of '{self.get_store()}' from the PKCS#12 file.")


class OwnPkcs12ExportView(OwnFormView):
    form_class = Pkcs12ExportForm
    template_name = "truststores/own_export_form.html"
    heading = "Export as PKCS#12"

    def form_valid(self, form: Pkcs12ExportForm) -> HttpResponse:
        store = self.get_store()
        try:
            data = own.own_pkcs12_export(store=store, password=form.cleaned_data["password"], actor=self.request.user)
        except (own.OwnCertificateError, keys.KeyInputError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return _download(data, f"{slugify(store.name) or 'store'}-own.p12", "application/x-pkcs12")


class OwnCsrDownloadView(RoleRequiredMixin, StoreMixin, View):
    permission_required = VIEW
    http_method_names = ["get"]

    def get(self, request, pk: int) -> HttpResponse:
        store = self.get_store()
        own_certificate = store.own_certificate
        if own_certificate is None or not own_certificate.csr_pem:
            messages.error(request, f"Store '{store}' has no certificate request.")
            return HttpResponseRedirect(store.get_absolute_url())
        return _download(own_certificate.csr_pem, f"{slugify(store.name) or 'store'}.csr", "application/pkcs10")


class OwnCertificateDownloadView(RoleRequiredMixin, StoreMixin, View):
    permission_required = VIEW
    http_method_names = ["get"]

    def get(self, request, pk: int) -> HttpResponse:
        store = self.get_store()
        try:
            pem = own.own_public_pem(store)
        except own.OwnCertificateError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(store.get_absolute_url())
        return _download(pem, f"{slugify(store.name) or 'store'}-own-certificate.pem", "application/x-pem-file")


class OwnResetView(RoleRequiredMixin, StoreMixin, TemplateView):
    """GET: the confirmation, listing the destinations that present this certificate; POST: reset."""

    permission_required = CHANGE
    template_name = "truststores/own_confirm_reset.html"

    def get_context_data(self, **kwargs):
        store = self.get_store()
        return super().get_context_data(store=store, destinations=own.client_auth_destinations(store), **kwargs)

    def post(self, request, pk: int) -> HttpResponse:
        store = self.get_store()
        own.own_reset(store=store, actor=request.user)
        messages.success(request, f"Store '{store}' is anonymous again; its key pair is deleted.")
        return HttpResponseRedirect(store.get_absolute_url())
