"""Where the console may connect: every outbound socket is checked against a deny list.

The check runs on the connected socket's peer address, after DNS, so a name that
resolves (or is rebound) to a denied address is caught, redirects included.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache

from django.conf import settings


class AddressBlocked(Exception):
    """Not an OSError on purpose: urllib3 must not retry or wrap it."""

    def __init__(self, host: str, address: str, network: str) -> None:
        self.host, self.address, self.network = host, address, network
        super().__init__(
            f"The console does not connect to {address} ({host}): it lies in {network}, a network listed in "
            "CONSOLE_OUTBOUND_DENY_NETWORKS (link-local addresses hold cloud metadata services)."
        )


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def denied_network(address: str) -> str | None:
    """The deny-list network holding ``address``, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for network in _networks(tuple(settings.CONSOLE_OUTBOUND_DENY_NETWORKS)):
        if ip.version == network.version and ip in network:
            return str(network)
    return None


def check_socket(sock: socket.socket, host: str) -> None:
    """Close ``sock`` and raise AddressBlocked when its peer is on the deny list."""
    address = sock.getpeername()[0]
    network = denied_network(address)
    if network is not None:
        sock.close()
        raise AddressBlocked(host, address, network)
