"""The outbound client: application code reads a destination and calls it with exactly the
trust the console configured (the seed's part 3, shaped like XS's ``$.net.http``).

    destination = read_destination("debugging.github", "github", caller_package="debugging")
    client = Client()
    response = client.request(Request("GET", "/repos/SAP/openui5"), destination)
    response.status, response.json()

Trust: the bound store's certificates are the only anchors (never the system store),
and OpenSSL's partial-chain mode lets any of them anchor the path, so a store holding
just the server's own certificate or an intermediate verifies the server. The SSL
context of a store is built once per content version and shared across calls and
threads; sessions (connection pools) are kept per destination. Every failure is an
``OutboundError`` whose ``message`` says what happened and ``hint`` what to do.
"""

from __future__ import annotations

import datetime as dt
import json as jsonlib
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from cryptography.hazmat.primitives import serialization
from urllib3 import connection as urllib3_connection
from urllib3 import connectionpool, exceptions as urllib3_exceptions

from destinations.netguard import AddressBlocked, check_socket

# --- errors ----------------------------------------------------------------


class OutboundError(Exception):
    """Every failure of an outbound call. ``kind`` is "trust", "connection" or "other"."""

    kind = "other"

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DestinationNotFound(OutboundError):
    pass


class DestinationAccessDenied(OutboundError):
    pass


class ConfigurationError(OutboundError):
    pass


class ConnectionFailure(OutboundError):
    kind = "connection"


class ConnectionRefused(ConnectionFailure):
    pass


class DnsFailure(ConnectionFailure):
    pass


class Timeout(ConnectionFailure):
    pass


class BlockedAddress(ConnectionFailure):
    pass


class TlsFailure(OutboundError):
    kind = "trust"


class UnknownIssuer(TlsFailure):
    pass


class HostMismatch(TlsFailure):
    pass


class CertificateExpired(TlsFailure):
    pass


class CertificateNotYetValid(TlsFailure):
    pass


class ClientCertificateRequired(TlsFailure):
    pass


class ClientCertificateRejected(TlsFailure):
    pass


class OwnCertificateUnavailable(TlsFailure):
    pass


class ProtocolMismatch(TlsFailure):
    pass


class NotTls(TlsFailure):
    pass


class ResponseTooLarge(OutboundError):
    pass


class TooManyRedirects(OutboundError):
    pass


# --- reading a destination ----------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    """A destination as read for one call: a snapshot, so a concurrent edit cannot change it midway."""

    package: str
    name: str
    host: str
    port: int
    use_ssl: bool
    ssl_host_check: bool
    ssl_auth: str
    path_prefix: str
    auth_type: str
    basic_user: str
    basic_password: str = field(repr=False)
    proxy_type: str
    proxy_host: str
    proxy_port: int | None
    timeout: float  # seconds, the console's default already applied
    store_id: int | None
    store_name: str | None
    store_version: int | None
    store_key: str | None  # the store's content key: the SSL context cache's key
    store_own_state: str  # "Anonymous", "Awaiting response" or "Active"; "Anonymous" without a store

    @property
    def label(self) -> str:
        return f"{self.package}:{self.name}"

    def url(self, path: str = "") -> str:
        """The request URL: ``path`` after pathPrefix. A prefix holding a query string
        ("/search?q=") is continued as written, as XS does."""
        prefix = self.path_prefix or ""
        if "?" in prefix:
            joined = prefix + path
        elif not path:
            joined = prefix or "/"
        else:
            joined = prefix.rstrip("/") + "/" + path.lstrip("/")
        if not joined.startswith("/"):
            joined = "/" + joined
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.use_ssl else 'http'}://{host}:{self.port}{joined}"


def read_destination(package: str, name: str, *, caller_package: str) -> Destination:
    """The destination (package, name), for code living in ``caller_package``.

    XS rule, kept: a destination may be read from its own package or a parent package
    of it, never from a subpackage or a sibling.
    """
    from destinations.models import HttpDestination

    if not (caller_package == package or package.startswith(caller_package + ".")):
        raise DestinationAccessDenied(f"User is not authorized to use destination (package: {package}, name: {name})")
    model = HttpDestination.objects.select_related("truststore").filter(package=package, name=name).first()
    if model is None:
        raise DestinationNotFound(
            f"There is no destination (package: {package}, name: {name}).",
            hint="Create it in the console or import its .xshttpdest file.",
        )
    return snapshot(model)


def snapshot(model) -> Destination:
    store = model.truststore
    return Destination(
        package=model.package,
        name=model.name,
        host=model.host,
        port=model.port,
        use_ssl=model.use_ssl,
        ssl_host_check=model.ssl_host_check,
        ssl_auth=model.ssl_auth,
        path_prefix=model.path_prefix,
        auth_type=model.auth_type,
        basic_user=model.basic_user,
        basic_password=model.password(),
        proxy_type=model.proxy_type,
        proxy_host=model.proxy_host,
        proxy_port=model.proxy_port,
        timeout=model.effective_timeout_seconds(settings.CONSOLE_OUTBOUND_TIMEOUT_SECONDS),
        store_id=store.pk if store else None,
        store_name=store.name if store else None,
        store_version=store.content_version if store else None,
        store_key=str(store.content_key) if store else None,
        store_own_state=store.own_certificate_state if store else "Anonymous",
    )


# --- SSL contexts, one per store content version ----------------------------------------

_contexts: dict[tuple[str | None, bool, bool], ssl.SSLContext] = {}
_context_owner: dict[tuple[int | None, bool, bool], str | None] = {}  # (store, flags) -> the key cached for it
_contexts_lock = threading.Lock()


@dataclass
class _Material:
    key: str | None
    bundle: str  # PEM of the certificate list
    own: tuple[bytes, bytes] | None  # (certificate and chain PEM, private key PEM) when client auth asks for it


def _store_material(store_id: int, *, client_auth: bool) -> _Material:
    """The store's trust material, read consistently: retried if a change lands in between."""
    from truststores.models import OwnCertificate, TrustStore
    from truststores.services import pem_bundle

    material = _Material(None, "", None)
    for _ in range(5):
        before = TrustStore.objects.filter(pk=store_id).values_list("content_key", flat=True).first()
        if before is None:
            return material
        material.bundle = pem_bundle(store_id)
        own = OwnCertificate.objects.filter(store_id=store_id).first() if client_auth else None
        if own is not None and own.certificate is not None:
            chain = [own.certificate, *own.chain]
            material.own = (
                b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain),
                own.private_key_pem(),
            )
        after = TrustStore.objects.filter(pk=store_id).values_list("content_key", flat=True).first()
        material.key = str(after) if after else None
        if before == after:
            break
    return material


def store_context(
    store_id: int | None, store_key: str | None, *, check_hostname: bool, client_auth: bool = False
) -> ssl.SSLContext:
    """The client SSL context trusting exactly the store's certificates (and presenting its own
    certificate when ``client_auth``).

    Built once per (store content key, host checking, client auth) and shared: an SSLContext
    is safe to use from many threads once configured. The content key changes with every
    change of the store, in any process, so a changed store gets a new context on its next call.
    """
    key = (store_key, check_hostname, client_auth)
    context = _contexts.get(key)
    if context is not None:
        return context
    with _contexts_lock:
        context = _contexts.get(key)
        if context is not None:
            return context
        material = _Material(None, "", None)
        if store_id is not None:
            material = _store_material(store_id, client_auth=client_auth)
        context = _new_context(material, check_hostname, client_auth)
        if material.key != store_key:
            # The store changed since the destination was read: use the current content,
            # but do not file it under the old key.
            return context
        stale = _context_owner.get((store_id, check_hostname, client_auth))
        if stale is not None:
            _contexts.pop((stale, check_hostname, client_auth), None)
        _context_owner[(store_id, check_hostname, client_auth)] = store_key
        _contexts[key] = context
        return context


def _new_context(material: _Material, check_hostname: bool, client_auth: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, host checking on, no CAs loaded
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # Any certificate of the store may anchor the path, not only self-signed roots.
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.check_hostname = check_hostname
    if material.bundle:
        context.load_verify_locations(cadata=material.bundle)
    if client_auth:
        if material.own is None:
            raise OwnCertificateUnavailable(
                "Own certificate cannot be accessed: the store has no active own certificate.",
                hint="Create the store's key pair and import its certificate response, or set sslAuth = anonymous.",
            )
        _load_own_certificate(context, *material.own)
    return context


def _load_own_certificate(context: ssl.SSLContext, chain_pem: bytes, key_pem: bytes) -> None:
    """Load the own certificate into ``context`` without writing the key to disk in clear.

    ``ssl`` reads client certificates from files only. The key is re-encrypted under a
    one-time password and handed over through an anonymous in-memory file (memfd on
    Linux; elsewhere a private temporary file removed at once).
    """
    import os
    import secrets as random
    import tempfile

    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key

    password = random.token_hex(16)
    key = load_pem_private_key(key_pem, password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, BestAvailableEncryption(password.encode())
    )
    payload = chain_pem + encrypted
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("trust-console-own-certificate", os.MFD_CLOEXEC)
        try:
            os.write(fd, payload)
            context.load_cert_chain(f"/proc/self/fd/{fd}", password=password)
        finally:
            os.close(fd)
        return
    with tempfile.NamedTemporaryFile(suffix=".pem") as handle:  # created 0600
        handle.write(payload)
        handle.flush()
        context.load_cert_chain(handle.name, password=password)



# --- connections that respect the deny list ---------------------------------------------


class _GuardedHTTPConnection(urllib3_connection.HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        check_socket(sock, self.host)
        return sock


class _GuardedHTTPSConnection(urllib3_connection.HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        check_socket(sock, self.host)
        return sock


class _GuardedHTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


_POOLS = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


class _StoreAdapter(HTTPAdapter):
    """requests' adapter, with the store's SSL context as the only source of trust."""

    def __init__(self, context: ssl.SSLContext, *, check_hostname: bool) -> None:
        self._context = context
        self._check_hostname = check_hostname
        super().__init__(pool_connections=4, pool_maxsize=10)

    def _tls_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ssl_context": self._context}
        if not self._check_hostname:
            kwargs["assert_hostname"] = False
        return kwargs

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs, **self._tls_kwargs())
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs, **self._tls_kwargs())
        manager.pool_classes_by_scheme = _POOLS
        return manager

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would point urllib3 at its CA bundle, which urllib3 then loads into
        # our context: the system's trust would leak in. Verification stays on; the
        # anchors are the store's alone.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


# --- requests and responses ----------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str = ""
    headers: dict[str, str] | None = None
    body: bytes | str | None = None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    content: bytes
    url: str
    tls_version: str | None = None
    cipher: str | None = None
    elapsed: float = 0.0
    reason: str = ""

    @property
    def text(self) -> str:
        charset = "utf-8"
        content_type = self.headers.get("Content-Type", "")
        if "charset=" in content_type:
            charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip() or charset
        return self.content.decode(charset, errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Client:
    """Makes calls to destinations. Thread-safe; keep one per process and ``close()`` it at the end."""

    def __init__(self, *, max_response_bytes: int | None = None, max_redirects: int = 5) -> None:
        self.max_response_bytes = max_response_bytes or settings.CONSOLE_OUTBOUND_MAX_RESPONSE_BYTES
        self.max_redirects = max_redirects
        self._sessions: dict[tuple[str, str], tuple[Destination, requests.Session]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            for _, session in self._sessions.values():
                session.close()
            self._sessions.clear()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _session(self, destination: Destination) -> requests.Session:
        key = (destination.package, destination.name)
        entry = self._sessions.get(key)
        if entry is not None and entry[0] == destination:
            return entry[1]
        with self._lock:
            entry = self._sessions.get(key)
            if entry is not None and entry[0] == destination:
                return entry[1]
            if entry is not None:
                entry[1].close()  # the destination or its store changed: new pool, new context
            session = self._new_session(destination)
            self._sessions[key] = (destination, session)
            return session

    def _new_session(self, destination: Destination) -> requests.Session:
        if destination.proxy_type == "socks":
            raise ConfigurationError(
                f"Destination {destination.label} uses proxyType = socks, which the console's client does not support.",
                hint="Use an HTTP CONNECT proxy (proxyType = http) or none.",
            )
        client_auth = destination.use_ssl and destination.ssl_auth == "client"
        if client_auth and destination.store_own_state != "Active":
            if destination.store_id is None:
                why = "no trust store is bound."
            elif destination.store_own_state == "Anonymous":
                why = f"store '{destination.store_name}' is anonymous."
            else:
                why = f"store '{destination.store_name}' has a key pair whose certificate response was never imported."
            raise OwnCertificateUnavailable(
                f"Own certificate cannot be accessed: destination {destination.label} has sslAuth = client, and {why}",
                hint="Create the store's key pair and import its certificate response, or set sslAuth = anonymous.",
            )
        session = requests.Session()
        session.trust_env = False  # no proxies, CA bundles or .netrc from the environment
        session.max_redirects = self.max_redirects
        context = store_context(
            destination.store_id, destination.store_key, check_hostname=destination.ssl_host_check, client_auth=client_auth
        )
        adapter = _StoreAdapter(context, check_hostname=destination.ssl_host_check)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        if destination.proxy_type == "http":
            proxy = f"http://{destination.proxy_host}:{destination.proxy_port}"
            session.proxies = {"http": proxy, "https": proxy}
        return session

    def request(self, request: Request, destination: Destination) -> Response:
        """Send ``request`` to ``destination``; any HTTP status is a Response, failures raise OutboundError.

        Each call logs one line on ``console.outbound``: destination, method, status, duration,
        TLS version and outcome. Never a header, a body or a credential.
        """
        started = time.perf_counter()
        try:
            response = self._request(request, destination)
        except OutboundError as error:
            _log_call(destination, request.method, None, started, None, type(error).__name__)
            raise
        _log_call(destination, request.method, response.status, started, response.tls_version, "ok")
        return response

    def _request(self, request: Request, destination: Destination) -> Response:
        session = self._session(destination)
        url = destination.url(request.path)
        auth = (destination.basic_user, destination.basic_password) if destination.auth_type == "basic" else None
        try:
            with session.request(
                request.method.upper(),
                url,
                headers=request.headers,
                data=request.body,
                auth=auth,
                timeout=destination.timeout,
                stream=True,
                allow_redirects=True,
            ) as response:
                tls_version, cipher = _tls_details(response)
                content = self._read(response, destination)
        except AddressBlocked as error:
            raise BlockedAddress(str(error), hint="Point the destination at another host.") from None
        except urllib3_exceptions.LocationParseError:
            # urllib3 raises this itself when it connects, unwrapped by requests.
            raise ConfigurationError(
                f"'{destination.host}' is not a valid host name.", hint="Fix the destination's host."
            ) from None
        except requests.exceptions.RequestException as error:
            raise translate(error, destination, url) from None
        return Response(
            status=response.status_code,
            headers=dict(response.headers),
            content=content,
            url=response.url,
            tls_version=tls_version,
            cipher=cipher,
            elapsed=response.elapsed.total_seconds(),
            reason=response.reason or "",
        )

    def _read(self, response: requests.Response, destination: Destination) -> bytes:
        limit = self.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(
                f"{destination.label} answered with {int(declared):,} bytes; the console reads at most {limit:,} "
                "(CONSOLE_OUTBOUND_MAX_RESPONSE_BYTES)."
            )
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise ResponseTooLarge(
                    f"{destination.label} sent more than {limit:,} bytes; the console reads at most that much "
                    "(CONSOLE_OUTBOUND_MAX_RESPONSE_BYTES)."
                )
            chunks.append(chunk)
        return b"".join(chunks)


logger = logging.getLogger("console.outbound")


def _log_call(destination: Destination, method: str, status: int | None, started: float, tls: str | None, outcome: str) -> None:
    logger.info(
        "outbound destination=%s method=%s status=%s duration_ms=%.1f tls=%s outcome=%s",
        destination.label, method.upper(), status if status is not None else "-",
        (time.perf_counter() - started) * 1000, tls or "-", outcome,
    )


def _tls_details(response: requests.Response) -> tuple[str | None, str | None]:
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, ssl.SSLSocket):
        cipher = sock.cipher()
        return sock.version(), cipher[0] if cipher else None
    return None, None


# --- diagnosis -----------------------------------------------------------------------


def _causes(error: BaseException):
    """The error and everything it wraps (args, __cause__, __context__, urllib3's .reason)."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen or not isinstance(current, BaseException):
            continue
        seen.add(id(current))
        yield current
        stack += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        stack += [arg for arg in current.args if isinstance(arg, BaseException)]


def translate(error: requests.exceptions.RequestException, destination: Destination, url: str) -> OutboundError:
    """Map a failed call to the OutboundError that explains it."""
    where = f"{destination.host}:{destination.port}"
    causes = list(_causes(error))
    for cause in causes:
        if isinstance(cause, AddressBlocked):
            return BlockedAddress(str(cause), hint="Point the destination at another host.")
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return _verification_failure(cause, destination)
    for cause in causes:
        if isinstance(cause, ssl.SSLError):
            return _handshake_failure(cause, destination)
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return TooManyRedirects(f"{destination.label} redirected too many times.", hint="Check pathPrefix and the path.")
    if isinstance(error, requests.exceptions.ProxyError):
        return ConnectionFailure(
            f"The proxy {destination.proxy_host}:{destination.proxy_port} could not open a tunnel to {where}.",
            hint="Check proxyHost and proxyPort, and that the proxy allows CONNECT to this host.",
        )
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return Timeout(
            f"No connection to {where} within {destination.timeout:g} s.",
            hint="Check the host and port, and any firewall between the console and the server.",
        )
    if isinstance(error, (requests.exceptions.ReadTimeout, requests.exceptions.Timeout)):
        return Timeout(
            f"{where} accepted the connection but sent no answer within {destination.timeout:g} s.",
            hint="Raise the destination's timeout, or check the server.",
        )
    for cause in causes:
        if isinstance(cause, urllib3_exceptions.NameResolutionError) or isinstance(cause, socket.gaierror):
            return DnsFailure(
                f"The name {destination.host} cannot be resolved (DNS failure).",
                hint="Check the destination's host for typos, and the console machine's DNS.",
            )
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return ConnectionRefused(
                f"Nothing accepts connections on {where} (connection refused).",
                hint="Check the port (443 for HTTPS), and that the server runs.",
            )
    for cause in causes:
        if isinstance(cause, ConnectionResetError):
            return ConnectionFailure(
                f"{where} closed the connection.",
                hint="If the server needs a client certificate, set sslAuth = client; otherwise check useSSL and the port.",
            )
    return ConnectionFailure(f"The call to {url} failed: {error}.")


def _probe(destination: Destination):
    from destinations.probe import ProbeError, fetch_chain

    if destination.proxy_type != "none":
        return []
    try:
        return fetch_chain(destination.host, destination.port, timeout=min(destination.timeout, 10))
    except (ProbeError, AddressBlocked):
        return []


def _names(certificate) -> str:
    from truststores.x509 import identifiers, printable

    return ", ".join(printable(name) for name in identifiers(certificate)) or "no name at all"


def _verification_failure(error: ssl.SSLCertVerificationError, destination: Destination) -> TlsFailure:
    from truststores.x509 import name_cn, printable, safe_rfc4514

    code = getattr(error, "verify_code", 0)
    chain = _probe(destination)
    store = f"trust store '{destination.store_name}'" if destination.store_id else "no trust store"
    now = dt.datetime.now(dt.timezone.utc)
    if code in (62, 64):  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
        names = _names(chain[0]) if chain else "other names"
        return HostMismatch(
            f"The server's certificate names {names}, not {destination.host}.",
            hint="Check the destination's host (the seed's 'CN must match'), or ask the server's owner for a "
            "certificate naming it. Turning sslHostCheck off lets a man in the middle through.",
        )
    if code in (9, 10):  # X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED
        culprit = next(
            (c for c in chain if (c.not_valid_after_utc < now if code == 10 else c.not_valid_before_utc > now)), None
        )
        label = printable(name_cn(culprit.subject) or safe_rfc4514(culprit.subject)) if culprit else "a certificate in the chain"
        dates = (
            f" (valid from {culprit.not_valid_before_utc:%Y-%m-%d %H:%M} to {culprit.not_valid_after_utc:%Y-%m-%d %H:%M} UTC)"
            if culprit
            else ""
        )
        if code == 10:
            return CertificateExpired(
                f"The server's certificate '{label}' has expired{dates}.",
                hint="The server must renew it; if the expired certificate is in the store, import the renewed one.",
            )
        return CertificateNotYetValid(
            f"The server's certificate '{label}' is not valid yet{dates}.",
            hint="Check the console machine's clock, or wait until the certificate's start date.",
        )
    if code in (2, 18, 19, 20, 21):  # the issuer is not among the anchors
        top = chain[-1] if chain else None
        issuer = printable(safe_rfc4514(top.issuer)) if top else "an issuer the console could not read"
        if destination.store_id is None:
            lacking = "no trust store is bound to this destination"
            hint = "Bind a store holding that issuer, or fetch the server's chain and trust it."
        else:
            lacking = f"{store} holds neither it nor any certificate of the chain the server sent"
            hint = f"Fetch the server's chain and trust its issuing CA, or import {issuer} into '{destination.store_name}'."
        return UnknownIssuer(
            f"Unable to get local issuer certificate: the server's certificate was issued by {issuer}, and {lacking}.",
            hint=hint,
        )
    return TlsFailure(f"The server's certificate was refused: {error.verify_message or error}.", hint="Fetch the chain to inspect it.")


_CLIENT_CERT_REQUIRED = ("CERTIFICATE_REQUIRED", "PEER_DID_NOT_RETURN_A_CERTIFICATE")
_CLIENT_CERT_REJECTED = ("BAD_CERTIFICATE", "UNKNOWN_CA", "CERTIFICATE_UNKNOWN", "UNSUPPORTED_CERTIFICATE", "ACCESS_DENIED")
_PROTOCOL = ("UNSUPPORTED_PROTOCOL", "PROTOCOL_VERSION", "VERSION_TOO_LOW", "VERSION_TOO_HIGH", "NO_PROTOCOLS_AVAILABLE")
_CIPHER = ("NO_SHARED_CIPHER", "NO_CIPHERS_AVAILABLE", "HANDSHAKE_FAILURE", "INSUFFICIENT_SECURITY")


def _handshake_failure(error: ssl.SSLError, destination: Destination) -> TlsFailure:
    reason = (getattr(error, "reason", None) or str(error)).upper()
    where = f"{destination.host}:{destination.port}"
    if "WRONG_VERSION_NUMBER" in reason or "RECORD_LAYER_FAILURE" in reason or "PACKET_LENGTH_TOO_LONG" in reason:
        return NotTls(
            f"{where} did not answer in TLS: it looks like a plain-HTTP port.",
            hint="Use the server's HTTPS port, or set useSSL = false if the server speaks plain HTTP.",
        )
    if isinstance(error, ssl.SSLEOFError) or "UNEXPECTED_EOF" in reason:
        return TlsFailure(
            f"{where} closed the TLS connection abruptly.",
            hint="Servers do this when they require a client certificate (set sslAuth = client) or reject the request "
            "early; check the server's log.",
        )
    if any(marker in reason for marker in _CLIENT_CERT_REQUIRED):
        return ClientCertificateRequired(
            f"{where} requires a client certificate, and this destination presents none (sslAuth = {destination.ssl_auth}).",
            hint="Set sslAuth = client and give the bound store an own certificate the server trusts.",
        )
    if any(marker in reason for marker in _CLIENT_CERT_REJECTED) and destination.ssl_auth == "client":
        return ClientCertificateRejected(
            f"{where} refused the client certificate of store '{destination.store_name}' ({reason.lower()}).",
            hint="Have the server trust the CA that issued the store's own certificate.",
        )
    if any(marker in reason for marker in _PROTOCOL + _CIPHER):
        explained = _explain_negotiation(destination)
        if explained is not None:
            return explained
    if any(marker in reason for marker in _PROTOCOL):
        return ProtocolMismatch(
            f"{where} and the console share no TLS version ({reason.lower()}); the console speaks TLS 1.2 and 1.3.",
            hint="The server must enable TLS 1.2 or newer.",
        )
    if any(marker in reason for marker in _CIPHER):
        if "HANDSHAKE_FAILURE" in reason and destination.ssl_auth != "client":
            return ProtocolMismatch(
                f"{where} ended the handshake (handshake failure): no cipher in common, or it wants a client certificate.",
                hint="Compare the server's TLS settings with the console's (TLS 1.2+, modern ciphers); try sslAuth = client "
                "if the server asks for a client certificate.",
            )
        return ProtocolMismatch(
            f"{where} and the console share no cipher ({reason.lower()}).",
            hint="The server must offer a modern cipher suite (ECDHE with AES-GCM or ChaCha20).",
        )
    return TlsFailure(f"The TLS handshake with {where} failed: {reason.lower()}.", hint="Fetch the chain to inspect the server.")


_OLD_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1")


def _explain_negotiation(destination: Destination) -> ProtocolMismatch | None:
    """What the server does agree to when offered everything, to name the mismatch."""
    from destinations.probe import negotiate_permissively

    if destination.proxy_type != "none":
        return None
    agreed = negotiate_permissively(destination.host, destination.port, timeout=min(destination.timeout, 5))
    if agreed is None:
        return None
    version, cipher = agreed
    where = f"{destination.host}:{destination.port}"
    if version in _OLD_PROTOCOLS:
        return ProtocolMismatch(
            f"{where} speaks only {version}; the console requires TLS 1.2 or newer.",
            hint="The server must enable TLS 1.2 or 1.3: older versions are broken.",
        )
    return ProtocolMismatch(
        f"{where} offers only the cipher {cipher} ({version}), which the console does not accept.",
        hint="The server must offer a modern cipher suite: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.",
    )
