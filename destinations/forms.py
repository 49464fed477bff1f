from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from destinations import xshttpdest
from destinations.models import HttpDestination
from truststores.models import TrustStore

def checked(value: str, validator) -> str:
    """``value`` stripped, or the validator's message as the field's error."""
    value = value.strip()
    message = validator(value)
    if message:
        raise ValidationError(message, code="invalid")
    return value


# Labels name the file's key, so the form reads like the .xshttpdest file it writes.
LABELS = {key.attr: key.name for key in xshttpdest.KEYS.values()}


class DestinationForm(forms.ModelForm):
    """Create or edit a destination: the file's keys grouped as in the file, plus basic-auth credentials.

    The password is write-only: never rendered back, blank keeps the stored one.
    """

    saml_name_id = forms.CharField(
        required=False, label="samlNameId", help_text='Comma-separated, e.g. "email".'
    )
    basic_password = forms.CharField(
        required=False,
        label="Password",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted and never shown again. Leave blank to keep the current one.",
    )
    clear_password = forms.BooleanField(required=False, label="Remove the stored password")

    class Meta:
        model = HttpDestination
        fields = [
            "package", "name", "description", "host", "port", "path_prefix", "timeout",
            "use_ssl", "ssl_host_check", "ssl_auth",
            "auth_type", "basic_user",
            "proxy_type", "proxy_host", "proxy_port",
            "remote_sid", "remote_client", "saml_provider", "saml_acs", "saml_attributes",
            "oauth_app_config_package", "oauth_app_config",
        ]
        labels = {**LABELS, "package": "Package", "name": "Name", "basic_user": "User"}
        help_texts = {
            "package": "A dotted path of identifiers, e.g. debugging.github. Code in this package or a parent package may use the destination.",
            "name": "An identifier, e.g. github.",
            "host": 'A host name or address, not a URL: "api.github.com".',
            "port": "443 for HTTPS, 80 for HTTP.",
            "path_prefix": "Put before every request path, e.g. /repos. A query string is kept.",
            "timeout": "Milliseconds; 0 or a negative value means the console's default.",
            "use_ssl": "Call over HTTPS, trusting the bound store's certificates.",
            "ssl_host_check": "Check that the server's certificate names the host. Turn off only for tests.",
            "ssl_auth": "client presents the bound store's own certificate (mutual TLS).",
            "basic_user": "For authType = basic.",
            "proxy_host": "Used when proxyType is http or socks.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["saml_name_id"] = ", ".join(self.instance.saml_name_id or [])
            self.fields["basic_password"].help_text = (
                "A password is stored (encrypted). Type a new one to replace it; leave blank to keep it."
                if self.instance.has_password
                else "No password stored. Stored encrypted and never shown again."
            )
        else:
            del self.fields["clear_password"]
        self.fields["port"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Connection", "package", "name", "description", "host", "port", "path_prefix", "timeout"),
            Fieldset("SSL", "use_ssl", "ssl_host_check", "ssl_auth"),
            Fieldset("Authentication", "auth_type", "basic_user", "basic_password",
                     *(["clear_password"] if "clear_password" in self.fields else [])),
            Fieldset("Proxy", "proxy_type", "proxy_host", "proxy_port"),
            Fieldset(
                "Advanced", "remote_sid", "remote_client", "saml_provider", "saml_acs", "saml_attributes",
                "saml_name_id", "oauth_app_config_package", "oauth_app_config",
            ),
        )

    def clean_package(self) -> str:
        return checked(self.cleaned_data["package"], xshttpdest.validate_package)

    def clean_name(self) -> str:
        return checked(self.cleaned_data["name"], xshttpdest.validate_name)

    def clean_saml_name_id(self) -> list[str]:
        return [item.strip() for item in self.cleaned_data["saml_name_id"].split(",") if item.strip()]

    def clean(self) -> dict:
        cleaned = super().clean()
        values = self.file_values()
        for problem in xshttpdest.validate(values):
            field = problem.attr if problem.attr in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, ValidationError(problem.message, code="xshttpdest"))
        package, name = cleaned.get("package"), cleaned.get("name")
        if package and name:
            clash = HttpDestination.objects.filter(package=package, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", f"A destination {package}:{name} already exists.")
        return cleaned

    def file_values(self) -> dict:
        """The .xshttpdest values of this form, defaults filled in as a file without them reads."""
        values = {key.attr: key.default for key in xshttpdest.KEYS.values()}
        values["saml_name_id"] = []
        for attr in values:
            if attr in self.cleaned_data:
                values[attr] = self.cleaned_data[attr]
        values["use_proxy"] = self.instance.use_proxy if self.instance.pk else None
        values["host"] = (values["host"] or "").strip()
        values["proxy_host"] = (values["proxy_host"] or "").strip()
        return values

    def validate_unique(self) -> None:
        pass  # clean() says it in words; the database constraint backs it up

    def password_change(self) -> str | None:
        """None keeps the stored password, "" clears it, anything else replaces it."""
        if self.cleaned_data.get("clear_password"):
            return ""
        return self.cleaned_data.get("basic_password") or None


class BindForm(forms.Form):
    truststore = forms.ModelChoiceField(
        queryset=TrustStore.objects.all(),
        required=False,
        label="Trust store",
        empty_label="— none —",
        help_text="The call trusts exactly this store's certificates.",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's recipe for a field taking several files: cleans each, returns a list."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xshttpdest"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=".xshttpdest files",
        help_text="One or many. Each destination is named after its file (github.xshttpdest → github).",
    )
    package = forms.CharField(
        label="Package",
        help_text="e.g. debugging.github. Uploads keep only file names, so the package is given here; "
        "the import_xshttpdest command can derive it from folders.",
    )
    replace = forms.BooleanField(
        required=False, label="Replace existing destinations (their bound store and credentials stay)"
    )

    def clean_package(self) -> str:
        return checked(self.cleaned_data["package"], xshttpdest.validate_package)


class TrustForm(forms.Form):
    """The certificates an administrator chose from a fetched chain, by fingerprint."""

    sha256 = forms.MultipleChoiceField(label="Certificates to trust", widget=forms.CheckboxSelectMultiple)
    truststore = forms.ModelChoiceField(
        queryset=TrustStore.objects.all(), label="Import into", widget=forms.Select(attrs={"class": "form-select"})
    )
    confirm = forms.BooleanField(
        label="I compared these SHA-256 fingerprints with ones I got another way (the server's owner, or a browser on a network I trust).",
        error_messages={"required": "Confirm that you compared the fingerprints: a fetched chain may come from a man in the middle."},
    )

    def __init__(self, *args, chain=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sha256"].choices = [(entry.sha256_hex, entry.subject) for entry in chain if entry.presented]
        self.fields["sha256"].error_messages["required"] = "Choose at least one certificate to trust."

    def set_fingerprint_choices(self, values: list[str]) -> None:
        """On the POST back, the choices are the fingerprints posted; destination_trust checks them against the server."""
        self.fields["sha256"].choices = [(value, value) for value in values if len(value) == 64 and all(c in "0123456789ABCDEF" for c in value)]
