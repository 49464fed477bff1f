"""Test data: trust stores and certificates made with trustme and cryptography, never downloaded."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from truststores import services
from truststores.models import Certificate, TrustStore


@lru_cache(maxsize=None)
def test_ca() -> trustme.CA:
    """One CA for the whole run; its leaves are issued per test as needed."""
    return trustme.CA(organization_name="Trust Console Test CA")


def ca_pem() -> bytes:
    return test_ca().cert_pem.bytes()


def leaf_pem(*hosts: str) -> bytes:
    return test_ca().issue_cert(*(hosts or ("api.example.test",))).cert_chain_pems[0].bytes()


def pem_to_der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)


def self_signed(
    common_name: str,
    *,
    days: int = 365,
    not_before: dt.datetime | None = None,
    ca: bool = True,
) -> x509.Certificate:
    """A self-signed EC certificate with the given CN and validity."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = not_before or dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def to_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def make_store(name: str = "github api", *, with_certificate: bool = False) -> TrustStore:
    store = TrustStore.objects.create(name=name)
    if with_certificate:
        services.certificates_import(store=store, data=ca_pem(), source="test", actor=None)
    return store


def store_kwargs(**extra) -> dict:
    return {"pk": make_store(**extra).pk}


def certificate_kwargs() -> dict:
    store = make_store(with_certificate=True)
    certificate = Certificate.objects.get(store=store)
    return {"store_pk": store.pk, "pk": certificate.pk}


test_ca.__test__ = False  # a factory, not a test, for pytest's collector


def make_destination(package: str = "debugging.github", name: str = "github", **fields):
    from destinations.models import HttpDestination

    values = {"host": "api.github.com", "port": 443, "use_ssl": True, **fields}
    return HttpDestination.objects.create(package=package, name=name, **values)


def destination_kwargs(**fields) -> dict:
    return {"pk": make_destination(**fields).pk}


def destination_form_data(**overrides) -> dict:
    """What the create/edit form posts for a valid destination."""
    data = {
        "package": "debugging.github", "name": "github", "description": "", "host": "api.github.com",
        "port": "443", "path_prefix": "", "timeout": "0", "use_ssl": "on", "ssl_host_check": "on",
        "ssl_auth": "anonymous", "auth_type": "none", "basic_user": "", "basic_password": "",
        "proxy_type": "none", "proxy_host": "", "proxy_port": "", "remote_sid": "", "remote_client": "",
        "saml_provider": "", "saml_acs": "", "saml_attributes": "", "saml_name_id": "",
        "oauth_app_config_package": "", "oauth_app_config": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
