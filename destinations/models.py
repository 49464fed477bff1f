from __future__ import annotations

from django.db import models
from django.urls import reverse

from admin_console import secrets
from truststores.models import TrustStore


class SslAuth(models.TextChoices):
    ANONYMOUS = "anonymous", "anonymous"
    CLIENT = "client", "client (present the store's own certificate)"


class AuthType(models.TextChoices):
    NONE = "none", "none"
    BASIC = "basic", "basic (user and password)"
    ASSERTION_TICKET = "AssertionTicket", "AssertionTicket"
    SAML_ASSERTION = "SamlAssertion", "SamlAssertion"
    SAML_ASSERTION_PROPAGATION = "SamlAssertionPropagation", "SamlAssertionPropagation"


class ProxyType(models.TextChoices):
    NONE = "none", "none"
    HTTP = "http", "http (CONNECT)"
    SOCKS = "socks", "socks"


class HttpDestination(models.Model):
    """Where an application calls out to, identified by (package, name).

    The fields mirror the ``.xshttpdest`` file's keys (destinations/xshttpdest.py maps
    them); the bound trust store and the basic-auth credentials are runtime settings an
    administrator adds outside the file.
    """

    package = models.CharField(max_length=255)
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=255, blank=True)

    host = models.CharField(max_length=253)
    port = models.PositiveIntegerField()
    path_prefix = models.CharField(max_length=1024, blank=True)
    timeout = models.IntegerField(default=0, help_text="Milliseconds; 0 or less means the console's default.")

    use_ssl = models.BooleanField(default=False)
    ssl_host_check = models.BooleanField(default=True)
    ssl_auth = models.CharField(max_length=16, choices=SslAuth.choices, default=SslAuth.ANONYMOUS)

    auth_type = models.CharField(max_length=32, choices=AuthType.choices, default=AuthType.NONE)

    proxy_type = models.CharField(max_length=8, choices=ProxyType.choices, default=ProxyType.NONE)
    proxy_host = models.CharField(max_length=253, blank=True)
    proxy_port = models.PositiveIntegerField(null=True, blank=True)
    use_proxy = models.BooleanField(null=True, blank=True, help_text="Legacy key, as read from an imported file.")

    remote_sid = models.CharField(max_length=64, blank=True)
    remote_client = models.CharField(max_length=64, blank=True)
    saml_provider = models.CharField(max_length=255, blank=True)
    saml_acs = models.CharField(max_length=255, blank=True)
    saml_attributes = models.CharField(max_length=1024, blank=True)
    saml_name_id = models.JSONField(default=list, blank=True)
    oauth_app_config_package = models.CharField(max_length=255, blank=True)
    oauth_app_config = models.CharField(max_length=255, blank=True)

    # Runtime settings, not part of the file.
    truststore = models.ForeignKey(
        TrustStore, null=True, blank=True, on_delete=models.PROTECT, related_name="destinations"
    )
    basic_user = models.CharField(max_length=255, blank=True)
    basic_password_encrypted = models.TextField(blank=True)  # Fernet token; never rendered

    # The last "Test connection" (page or test_destination command).
    last_test_at = models.DateTimeField(null=True, blank=True)
    last_test_ok = models.BooleanField(null=True, blank=True)
    last_test_summary = models.CharField(max_length=500, blank=True)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["package", "name"]
        constraints = [
            models.UniqueConstraint(fields=["package", "name"], name="destination_package_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.package}:{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("destinations:destination_detail", kwargs={"pk": self.pk})

    @property
    def has_password(self) -> bool:
        return bool(self.basic_password_encrypted)

    def set_password(self, password: str) -> None:
        self.basic_password_encrypted = secrets.encrypt(password) if password else ""

    def password(self) -> str:
        """The plaintext password, for the outbound call only; never for display."""
        return secrets.decrypt(self.basic_password_encrypted) if self.basic_password_encrypted else ""

    def effective_timeout_seconds(self, default_seconds: float) -> float:
        """The file's timeout is read as milliseconds; 0 or negative means the console's default."""
        return self.timeout / 1000 if self.timeout > 0 else default_seconds
