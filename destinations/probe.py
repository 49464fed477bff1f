"""Read the certificate chain a TLS server presents, without verifying it.

Python 3.11's ``ssl`` module exposes only the leaf certificate, so the chain is read
with pyOpenSSL. Nothing read here is trusted: it is shown to an administrator, who
compares fingerprints before importing anything.
"""

from __future__ import annotations

import select
import socket
import time

from cryptography import x509
from OpenSSL import SSL

from destinations.netguard import check_socket


class ProbeError(Exception):
    """The chain could not be read; ``str()`` says why in words."""


def fetch_chain(host: str, port: int, *, servername: str | None = None, timeout: float = 10.0) -> list[x509.Certificate]:
    """The certificates ``host:port`` presents, leaf first, in the order sent."""
    try:
        host.encode("idna")
    except UnicodeError:
        # An imported file may hold a placeholder or a malformed name; the resolver would raise UnicodeError.
        raise ProbeError(f"'{host}' is not a valid host name: fix the destination's host.") from None
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror:
        raise ProbeError(f"The name {host} cannot be resolved (DNS).") from None
    except ConnectionRefusedError:
        raise ProbeError(f"Nothing listens on {host}:{port} (connection refused).") from None
    except TimeoutError:
        raise ProbeError(f"No connection to {host}:{port} within {timeout:g} s.") from None
    except OSError as error:
        raise ProbeError(f"Cannot connect to {host}:{port}: {error.strerror or error}.") from None
    check_socket(sock, host)
    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_verify(SSL.VERIFY_NONE, lambda *args: True)
    connection = SSL.Connection(context, sock)
    name = servername or host
    if not _is_ip(name):
        connection.set_tlsext_host_name(name.encode("idna"))
    connection.set_connect_state()
    try:
        _handshake(connection, sock, timeout)
        chain = connection.get_peer_cert_chain(as_cryptography=True) or []
    except TimeoutError:
        raise ProbeError(f"{host}:{port} did not complete a TLS handshake within {timeout:g} s.") from None
    except SSL.Error as error:
        raise ProbeError(f"{host}:{port} did not complete a TLS handshake: {_ssl_reason(error)}.") from None
    except OSError as error:
        raise ProbeError(f"{host}:{port} closed the connection during the TLS handshake ({error}).") from None
    finally:
        try:
            connection.shutdown()
        except SSL.Error:
            pass
        sock.close()
    if not chain:
        raise ProbeError(f"{host}:{port} presented no certificate.")
    from truststores.x509 import parsed_certificate

    for number, certificate in enumerate(chain, start=1):
        try:
            parsed_certificate(certificate)
        except ValueError as error:
            raise ProbeError(f"{host}:{port} presented a certificate (number {number}) the console cannot read: {error}.") from None
    return list(chain)


def _handshake(connection: SSL.Connection, sock: socket.socket, timeout: float) -> None:
    """pyOpenSSL on a socket with a timeout is non-blocking: wait for the socket between tries."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.do_handshake()
            return
        except (SSL.WantReadError, SSL.WantWriteError) as want:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError from None
            reading = isinstance(want, SSL.WantReadError)
            select.select([sock] if reading else [], [] if reading else [sock], [], remaining)


def _is_ip(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _ssl_reason(error: SSL.Error) -> str:
    details = [item[2] for item in (error.args[0] if error.args and isinstance(error.args[0], list) else []) if len(item) > 2]
    return ", ".join(details) or str(error) or "the server ended it"


def negotiate_permissively(host: str, port: int, *, timeout: float = 5.0) -> tuple[str, str] | None:
    """(TLS version, cipher) the server agrees to when offered everything, old and weak included.

    Only for explaining a failed handshake ("speaks only TLS 1.1", "offers only AES128-SHA");
    nothing is sent over the connection, and its certificate is not looked at.
    """
    import ssl
    import warnings

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
    try:
        context.set_ciphers("ALL:@SECLEVEL=0")
    except ssl.SSLError:
        return None
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            check_socket(sock, host)
            with context.wrap_socket(sock, server_hostname=None if _is_ip(host) else host) as tls:
                cipher = tls.cipher()
                return tls.version() or "", cipher[0] if cipher else ""
    except (OSError, ssl.SSLError):
        return None
