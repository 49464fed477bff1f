"""What the destination page warns about before anyone presses "Test connection". Never blocking."""

from __future__ import annotations

from dataclasses import dataclass

from destinations import xshttpdest
from destinations.models import HttpDestination, SslAuth
from truststores import x509 as certs


@dataclass(frozen=True)
class Warning:
    level: str  # "danger" for a red banner, "warning" otherwise
    code: str
    text: str


def binding_warnings(destination: HttpDestination) -> list[Warning]:
    store = destination.truststore
    warnings: list[Warning] = []
    values = {"host": destination.host, "port": destination.port}
    for problem in xshttpdest.validate(values):
        if problem.attr == "host":
            warnings.append(Warning("warning", "bad_host", f"{problem.message}. Calls will fail until it is fixed (Edit)."))
    if not destination.ssl_host_check:
        warnings.append(
            Warning(
                "danger",
                "host_check_off",
                "Host checking is off (sslHostCheck = false): any server holding a certificate this store "
                "trusts is accepted for this host, which lets a man in the middle through.",
            )
        )
    if not destination.use_ssl:
        if store is not None:
            warnings.append(
                Warning("warning", "ssl_off", f"SSL is off (useSSL = false): the call is plain HTTP and trust store '{store}' is not used.")
            )
        return warnings
    if store is None:
        warnings.append(
            Warning(
                "warning",
                "no_store",
                "SSL is on and no trust store is bound: the call will fail with "
                "'unable to get local issuer certificate'. Bind a store that holds the server's CA.",
            )
        )
    else:
        warnings += _store_warnings(destination, store)
    if destination.ssl_auth == SslAuth.CLIENT:
        if store is None:
            warnings.append(
                Warning(
                    "warning",
                    "client_no_store",
                    "sslAuth = client needs a trust store with its own certificate: bind one.",
                )
            )
        elif store.own_certificate_state == "Anonymous":
            warnings.append(
                Warning(
                    "warning",
                    "client_anonymous",
                    f"Own certificate cannot be accessed: store '{store}' is anonymous — create its key pair first.",
                )
            )
        elif store.own_certificate_state != "Active":
            warnings.append(
                Warning(
                    "warning",
                    "client_awaiting",
                    f"Own certificate cannot be accessed: store '{store}' has a key pair awaiting its certificate "
                    "response — import the certificate the CA issued.",
                )
            )
    return warnings


def _store_warnings(destination: HttpDestination, store) -> list[Warning]:
    # A store with a CA certificate is not checked further, and that is the usual store: ask
    # the database rather than read every certificate (a store may hold thousands).
    if store.certificates.filter(is_ca=True).exists():
        return []
    certificates = list(store.certificates.only("der"))
    if not certificates:
        return [
            Warning(
                "warning",
                "store_empty",
                f"Trust store '{store}' is empty: the call will fail with 'unable to get local issuer "
                "certificate'. Import the server's CA (or its certificate) into it.",
            )
        ]
    # Only end-entity certificates: they work as pins, so one must name the host (the seed's "CN must match").
    if any(certs.matches_host(certificate.x509, destination.host) for certificate in certificates):
        return []
    names = sorted({name for certificate in certificates for name in certs.identifiers(certificate.x509)})
    shown = ", ".join(certs.printable(name) for name in names[:6]) + (" …" if len(names) > 6 else "")
    return [
        Warning(
            "warning",
            "host_mismatch",
            f"Trust store '{store}' holds only end-entity certificates and none of them names "
            f"{destination.host} (they name: {shown or 'nothing'}). The call will fail host verification; "
            "import the certificate of this host or the CA that issued it.",
        )
    ]
