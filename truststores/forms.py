from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from admin_console.uploads import format_size
from truststores import x509 as certs
from truststores.models import TrustStore

NAME_MAX = 64
_NAME_ALLOWED = re.compile(r"[A-Za-z0-9 ._-]")


def validate_store_name(name: str) -> None:
    """One message per rule broken, each saying what a valid name looks like."""
    errors = []
    if len(name) > NAME_MAX:
        errors.append(
            ValidationError(
                f"The name is {len(name)} characters long; at most {NAME_MAX} are allowed.", code="max_length"
            )
        )
    bad = sorted({char for char in name if not _NAME_ALLOWED.fullmatch(char)})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        errors.append(
            ValidationError(
                f"The name may hold only letters (A–Z, a–z), digits, spaces, '.', '_' and '-'; it holds {shown}.",
                code="invalid_characters",
            )
        )
    if name and not name.strip(" ._-"):
        errors.append(ValidationError("The name needs at least one letter or digit.", code="no_alphanumeric"))
    if errors:
        raise ValidationError(errors)


class TrustStoreForm(forms.ModelForm):
    class Meta:
        model = TrustStore
        fields = ["name", "description"]
        help_texts = {
            "name": "1–64 letters, digits, spaces, '.', '_' or '-', e.g. “github api”. Unique, ignoring case.",
            "description": "Optional: what the store is for.",
        }
        error_messages = {"name": {"required": "Enter a name for the trust store."}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Checked by validate_store_name with its own message rather than the browser's silent cut.
        self.fields["name"].max_length = None
        self.fields["name"].widget.attrs.pop("maxlength", None)
        self.fields["name"].validators = []

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        validate_store_name(name)
        if TrustStore.objects.named(name).exclude(pk=self.instance.pk).exists():
            from truststores.services import name_taken_message

            raise ValidationError(name_taken_message(name), code="unique")
        return name

    def validate_unique(self) -> None:
        pass  # clean_name says it in words; the database constraint backs it up


class CertificateImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Certificate file",
        help_text="DER (.cer, .crt, .der), PEM with one or many certificates, or PKCS#7 (.p7b, .p7c).",
        widget=forms.ClearableFileInput(attrs={"accept": ".cer,.crt,.der,.pem,.p7b,.p7c,.txt"}),
        error_messages={"empty": "The chosen file is empty: nothing to import."},
    )
    pem = forms.CharField(
        required=False,
        label="Or paste PEM",
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "spellcheck": "false",
                                     "placeholder": "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: certs.ParseResult | None = None
        self.raw = b""
        self.source = ""

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        pasted = cleaned.get("pem", "")
        if upload and pasted.strip():
            raise ValidationError("Choose a file or paste PEM text, not both.", code="both")
        if upload:
            data = upload.read()
            self.source = f"file {upload.name}"
        elif pasted.strip():
            data = pasted.encode("utf-8")
            if len(data) > settings.CONSOLE_UPLOAD_MAX_BYTES:
                raise ValidationError(
                    f"The pasted text is larger than the {upload_limit_text()} limit (CONSOLE_UPLOAD_MAX_BYTES). "
                    "Nothing was imported.",
                    code="too_large",
                )
            self.source = "pasted PEM"
        else:
            raise ValidationError(
                "Nothing to import: the input is empty. Choose a file or paste PEM text.", code="empty"
            )
        self.raw = data
        try:
            self.parsed = certs.parse_certificates(data)
        except certs.CertificateInputError as error:
            raise ValidationError(str(error), code="not_certificates") from None
        return cleaned


def upload_limit_text() -> str:
    return format_size(settings.CONSOLE_UPLOAD_MAX_BYTES)


class KeyPairForm(forms.Form):
    """Subject, SANs and key type of a new own key pair and its certificate request."""

    cn = forms.CharField(label="Common name (CN)", max_length=64, help_text="e.g. client.example.com")
    o = forms.CharField(label="Organization (O)", required=False, max_length=64)
    ou = forms.CharField(label="Organizational unit (OU)", required=False, max_length=64)
    l = forms.CharField(label="Locality (L)", required=False, max_length=128)  # noqa: E741 - the X.500 name
    st = forms.CharField(label="State or province (ST)", required=False, max_length=128)
    c = forms.CharField(label="Country (C)", required=False, max_length=2, help_text="Two letters, e.g. DE.")
    email = forms.CharField(label="E-mail address", required=False, max_length=255)
    sans = forms.CharField(
        label="Subject alternative names",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One per line: DNS:client.example.com, IP:10.0.0.1, email:ops@example.com.",
    )
    key_type = forms.ChoiceField(label="Key type", initial="ec256")

    def __init__(self, *args, **kwargs) -> None:
        from truststores.keys import KEY_TYPES

        super().__init__(*args, **kwargs)
        self.fields["key_type"].choices = list(KEY_TYPES.items())

    def clean(self) -> dict:
        from truststores import keys

        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["subject"] = keys.subject_from_fields(
                cn=cleaned["cn"], o=cleaned["o"], ou=cleaned["ou"], l=cleaned["l"], st=cleaned["st"], c=cleaned["c"],
                email=cleaned["email"],
            )
        except keys.KeyInputError as error:
            raise ValidationError(str(error), code="subject") from None
        items = [item.strip() for item in cleaned["sans"].replace(",", "\n").splitlines() if item.strip()]
        try:
            cleaned["san_names"] = keys.parse_sans(items)
        except keys.KeyInputError as error:
            self.add_error("sans", str(error))
        return cleaned


class Pkcs12ImportForm(forms.Form):
    file = forms.FileField(label="PKCS#12 file (.p12, .pfx)", widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx"}))
    password = forms.CharField(
        label="Password", required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


class Pkcs12ExportForm(forms.Form):
    password = forms.CharField(
        label="Password for the file", min_length=8, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. The file holds the private key: keep the file and the password apart.",
    )
    password_again = forms.CharField(
        label="The password again", strip=False, widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned
