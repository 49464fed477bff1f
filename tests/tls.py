"""TLS test support: a throwaway PKI and real servers on 127.0.0.1.

PKI
    ``make_pki()`` builds a root CA and an intermediate CA (EC P-256); ``Pki.leaf()``
    issues server/client leaves, including expired, not-yet-valid, wrong-name and
    root-issued ones; ``Pki.client()`` issues a client-auth certificate.
    ``shared_pki()`` caches one PKI per test session.

Servers (all bound to 127.0.0.1, all threaded, all shut down on context exit)
    ``tls_server(leaf, ...)``     HTTPS with the default handler (routes below).
    ``plain_http_server()``       the same handler over plain HTTP.
    ``http_connect_proxy()``      an HTTP CONNECT proxy that only tunnels to 127.0.0.1.
    ``silent_server()``           accepts TCP connections and never answers.
    ``closed_port()``             a port with nothing listening.

Default handler routes (any method; HTTP/1.1 keep-alive, always Content-Length):
    /status/<code>           that status, body ``status <code>``
    /redirect?to=<url>       302 to ``url`` (``&code=301`` etc. to pick another status)
    /bytes/<n>               ``n`` bytes of ``b"x"``
    /slow/<seconds>          sleeps, then 200 ``slow``
    /json                    ``{"ok": true}``, application/json
    anything else            200 ``hello``, text/plain

Every request is recorded in ``server.requests_seen`` as a dict with ``method``,
``path`` (including the query), ``headers`` (a dict) and ``body`` (bytes).

A custom ``handler`` is a ``BaseHTTPRequestHandler`` subclass; subclass
``DefaultHandler`` to keep the recording and the helpers (``self.reply()``,
``self.state`` is the ``TlsServer``).
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
import select
import socket
import socketserver
import ssl
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"
HANDSHAKE_TIMEOUT = 5.0  # seconds a client may take to finish its TLS handshake
IDLE_TIMEOUT = 30.0  # seconds an idle keep-alive connection is kept by the servers

# --------------------------------------------------------------------------- PKI


def _new_key(key_type: str = "ec"):
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown key_type {key_type!r} (expected 'ec' or 'rsa')")


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
    )


def _leaf_key_usage(rsa_key: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=rsa_key, data_encipherment=False,
        key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
    )


def pem(*certs: x509.Certificate) -> bytes:
    """A PEM bundle of ``certs`` (in order)."""
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


@dataclass
class Leaf:
    certificate: x509.Certificate
    key: object
    chain: list[x509.Certificate]  # leaf first, then the intermediate(s); never the root

    def cert_pem(self) -> bytes:
        return pem(self.certificate)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def chain_pem(self) -> bytes:
        """The leaf followed by its intermediate(s): what a server (or client) sends."""
        return pem(*self.chain)

    def write(self, directory, stem: str = "leaf") -> tuple[str, str]:
        """Write ``<stem>.crt`` (the chain) and ``<stem>.key``; return their paths (e.g. for requests' ``cert=``)."""
        directory = Path(directory)
        cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
        cert_path.write_bytes(self.chain_pem())
        key_path.write_bytes(self.key_pem())
        return str(cert_path), str(key_path)


@dataclass
class Pki:
    root: x509.Certificate
    root_key: object
    intermediate: x509.Certificate
    intermediate_key: object

    def leaf(
        self,
        *names: str,
        days_valid: tuple[int, int] = (-1, 365),
        issuer: str = "intermediate",
        key_type: str = "ec",
    ) -> Leaf:
        """A server/client leaf for ``names`` (DNS names or IP addresses; CN = the first one).

        ``days_valid`` is (not-before, not-after) in days relative to now: ``(-30, -1)`` is
        expired, ``(1, 30)`` not yet valid. ``issuer`` is ``"intermediate"`` or ``"root"``.
        """
        return self._issue(
            names or ("localhost",),
            days_valid=days_valid,
            issuer=issuer,
            key_type=key_type,
            usages=[ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
        )

    def client(self, name: str = "console-client") -> Leaf:
        """A client-authentication certificate (EKU clientAuth) issued by the intermediate."""
        return self._issue((name,), days_valid=(-1, 365), issuer="intermediate", key_type="ec",
                           usages=[ExtendedKeyUsageOID.CLIENT_AUTH])

    def _issue(self, names, *, days_valid, issuer, key_type, usages) -> Leaf:
        if issuer == "intermediate":
            ca, ca_key, path = self.intermediate, self.intermediate_key, [self.intermediate]
        elif issuer == "root":
            ca, ca_key, path = self.root, self.root_key, []
        else:
            raise ValueError(f"issuer must be 'intermediate' or 'root', not {issuer!r}")
        key = _new_key(key_type)
        now = _now()
        start, end = days_valid
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(names[0]))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=start))
            .not_valid_after(now + dt.timedelta(days=end))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_leaf_key_usage(key_type == "rsa"), critical=True)
            .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
            .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in names]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        return Leaf(certificate=cert, key=key, chain=[cert, *path])


def make_pki(name: str = "Test") -> Pki:
    """A root CA ``<name> Root CA`` and an intermediate ``<name> Intermediate CA`` (pathlen 0)."""
    now = _now()
    root_key = _new_key()
    root_name = _name(f"{name} Root CA")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=2))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    intermediate_key = _new_key()
    intermediate = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} Intermediate CA"))
        .issuer_name(root_name)
        .public_key(intermediate_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=2))
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(intermediate_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return Pki(root=root, root_key=root_key, intermediate=intermediate, intermediate_key=intermediate_key)


@functools.lru_cache(maxsize=None)
def shared_pki() -> Pki:
    """One PKI per test session (do not mutate it)."""
    return make_pki("Test")


# ------------------------------------------------------------------------ servers


@dataclass
class TlsServer:
    host: str
    port: int
    url: str
    requests_seen: list[dict] = field(default_factory=list)
    client_certs_seen: list[bytes] = field(default_factory=list)  # DER of each client certificate presented
    handshake_errors: list[str] = field(default_factory=list)  # str() of each failed server-side handshake
    errors: list[str] = field(default_factory=list)  # exceptions raised in request handlers


class DefaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two sends: without this each waits ~40 ms for a delayed ACK
    server_version = "TrustConsoleTest/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    @property
    def state(self) -> TlsServer:
        return self.server.state

    def log_message(self, format, *args):  # noqa: A002 - silent
        pass

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            self.body = self._read_body()
            self.state.requests_seen.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers.items()),
                    "body": self.body,
                    "peer": self.client_address,  # one TCP connection per peer port: shows pooling
                }
            )
        return ok

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status: int, body: bytes = b"", content_type: str = "text/plain", headers: dict | None = None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status in (204, 304):
            self.end_headers()
            return
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if len(parts) == 2 and parts[0] == "status" and parts[1].isdigit() and 200 <= int(parts[1]) <= 599:
            return self.reply(int(parts[1]), f"status {parts[1]}".encode())
        if parts == ["redirect"]:
            query = parse_qs(url.query)
            if "to" in query:
                return self.reply(int(query.get("code", ["302"])[0]), headers={"Location": query["to"][0]})
        if len(parts) == 2 and parts[0] == "bytes" and parts[1].isdigit():
            return self.reply(200, b"x" * int(parts[1]), "application/octet-stream")
        if len(parts) == 2 and parts[0] == "slow":
            time.sleep(float(parts[1]))
            return self.reply(200, b"slow")
        if parts == ["json"]:
            return self.reply(200, json.dumps({"ok": True}).encode(), "application/json")
        return self.reply(200, b"hello")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = route


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext | None = None
    state: TlsServer

    def __init__(self, handler, ssl_context):
        self.ssl_context = ssl_context
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__((HOST, 0), handler)

    def server_bind(self):
        # HTTPServer.server_bind resolves the FQDN of the address, which may hit DNS: skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        # Runs in the per-connection thread, so the TLS handshake happens here, never in accept().
        conn = request
        if self.ssl_context is not None:
            request.settimeout(HANDSHAKE_TIMEOUT)
            conn = self.ssl_context.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
            try:
                conn.do_handshake()
            except (ssl.SSLError, OSError) as exc:
                self.state.handshake_errors.append(str(exc))
                _lingering_close(conn)
                return
            conn.settimeout(None)
            peer = conn.getpeercert(binary_form=True)
            if peer:
                self.state.client_certs_seen.append(peer)
        with self._lock:
            self._open.add(conn)
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            with self._lock:
                self._open.discard(conn)
            if conn is not request:
                conn.close()

    def handle_error(self, request, client_address):
        import traceback

        self.state.errors.append(traceback.format_exc())

    def close_connections(self):
        with self._lock:
            conns = list(self._open)
        for conn in conns:
            try:
                socket.socket.shutdown(conn, socket.SHUT_RDWR)  # the TCP socket; leave the TLS object alone
            except OSError:
                pass


def _lingering_close(tls_sock: ssl.SSLSocket) -> None:
    """Close after a failed handshake the way real servers do: the alert has been sent; send
    FIN, drain what the client already sent (so the kernel does not answer with a RST that
    could overtake the alert), then close."""
    try:
        raw = socket.socket(fileno=tls_sock.detach())
    except OSError:
        return
    try:
        raw.shutdown(socket.SHUT_WR)
        raw.settimeout(0.2)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and raw.recv(65536):
            pass
    except OSError:
        pass
    finally:
        raw.close()


def _temp_pem_context(leaf: Leaf, send_chain: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as directory:
        cert_path, key_path = Path(directory) / "cert.pem", Path(directory) / "key.pem"
        cert_path.write_bytes(leaf.chain_pem() if send_chain else leaf.cert_pem())
        key_path.write_bytes(leaf.key_pem())
        context.load_cert_chain(cert_path, key_path)
    return context


@contextmanager
def _serve(handler, ssl_context: ssl.SSLContext | None) -> Iterator[TlsServer]:
    server = _Server(handler or DefaultHandler, ssl_context)
    port = server.server_address[1]
    scheme = "https" if ssl_context is not None else "http"
    server.state = TlsServer(host=HOST, port=port, url=f"{scheme}://{HOST}:{port}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                              name=f"{scheme}-server-{port}")
    thread.start()
    try:
        yield server.state
    finally:
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def tls_server(
    leaf: Leaf,
    *,
    send_chain: bool = True,
    require_client_cert_from: x509.Certificate | None = None,
    min_version: ssl.TLSVersion | None = None,
    max_version: ssl.TLSVersion | None = None,
    ciphers: str | None = None,
    handler=None,
) -> Iterator[TlsServer]:
    """An HTTPS server on 127.0.0.1 presenting ``leaf`` (with its intermediates unless ``send_chain=False``).

    ``require_client_cert_from``: demand a client certificate issued under that CA (intermediate
    or root). The CA is loaded as the only trust anchor with ``VERIFY_X509_PARTIAL_CHAIN``, so an
    intermediate works as the anchor on its own.
    """
    context = _temp_pem_context(leaf, send_chain)
    if require_client_cert_from is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
        context.load_verify_locations(cadata=pem(require_client_cert_from).decode())
    if min_version is not None:
        context.minimum_version = min_version
    if max_version is not None:
        context.maximum_version = max_version
    if ciphers is not None:
        context.set_ciphers(ciphers)
    with _serve(handler, context) as state:
        yield state


@contextmanager
def plain_http_server(handler=None) -> Iterator[TlsServer]:
    """The default handler over plain HTTP on 127.0.0.1 (url ``http://127.0.0.1:PORT``)."""
    with _serve(handler, None) as state:
        yield state


# -------------------------------------------------------------------------- proxy


@dataclass
class ProxyServer:
    host: str
    port: int
    connects: list[str] = field(default_factory=list)  # every CONNECT target seen, "host:port" (refused ones too)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


class _ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        client: socket.socket = self.request
        client.settimeout(HANDSHAKE_TIMEOUT)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk or len(data) > 65536:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split()
        if len(parts) != 3 or parts[0].upper() != "CONNECT":
            return self._answer(client, "403 Forbidden")
        target = parts[1]
        self.server.state.connects.append(target)
        host, _, port = target.rpartition(":")
        if host != HOST or not port.isdigit():
            return self._answer(client, "403 Forbidden")
        try:
            upstream = socket.create_connection((host, int(port)), timeout=HANDSHAKE_TIMEOUT)
        except OSError:
            return self._answer(client, "502 Bad Gateway")
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            self.server.register(client)
            self.server.register(upstream)
            self._pipe(client, upstream)

    @staticmethod
    def _answer(client: socket.socket, status: str):
        client.sendall(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())

    def _pipe(self, a: socket.socket, b: socket.socket):
        a.settimeout(None)
        b.settimeout(None)
        peers = {a: b, b: a}
        open_reads = {a, b}
        while open_reads and not self.server.stopping.is_set():
            readable, _, _ = select.select(list(open_reads), [], [], 0.1)
            for sock in readable:
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    chunk = b""
                if chunk:
                    try:
                        peers[sock].sendall(chunk)
                        continue
                    except OSError:
                        return
                open_reads.discard(sock)
                try:
                    peers[sock].shutdown(socket.SHUT_WR)
                except OSError:
                    pass


class _ProxyTcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    state: ProxyServer

    def __init__(self):
        self.stopping = threading.Event()
        self._open: list[socket.socket] = []
        super().__init__((HOST, 0), _ProxyHandler)

    def register(self, sock: socket.socket):
        self._open.append(sock)

    def handle_error(self, request, client_address):
        pass

    def close_connections(self):
        self.stopping.set()
        for sock in list(self._open):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@contextmanager
def http_connect_proxy() -> Iterator[ProxyServer]:
    """An HTTP CONNECT proxy on 127.0.0.1 that tunnels only to 127.0.0.1 (anything else: 403)."""
    server = _ProxyTcpServer()
    server.state = ProxyServer(host=HOST, port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                              name=f"connect-proxy-{server.state.port}")
    thread.start()
    try:
        yield server.state
    finally:
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join(timeout=5)


# ----------------------------------------------------------------- odd endpoints


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (free at the time of the call)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP listener on 127.0.0.1 that accepts connections and never sends a byte; yields its port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(16)
    listener.settimeout(0.05)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept_loop():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept_loop, daemon=True, name="silent-server")
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for conn in accepted:
            conn.close()
