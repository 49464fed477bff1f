from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # The real hasher costs ~0.3 s a login; the suite logs in hundreds of times.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """A user holding the given roles (group names); ``superuser=True`` for a superuser."""

    def make(username: str = "alice", roles: Iterable[str] = (), *, superuser: bool = False) -> User:
        if superuser:
            user = User.objects.create_superuser(username, email=f"{username}@example.test", password=PASSWORD)
        else:
            user = User.objects.create_user(username, password=PASSWORD)
        user.groups.set(Group.objects.filter(name__in=list(roles)))
        return user

    return make


@pytest.fixture
def client_for(make_user) -> Callable[..., Client]:
    """A test client signed in as a new user holding ``roles``."""

    def signed_in(*roles: str, superuser: bool = False, username: str | None = None) -> Client:
        user = make_user(username or ("root" if superuser else "_".join(roles).lower() or "norole"), roles, superuser=superuser)
        client = Client()
        client.force_login(user)
        return client

    return signed_in


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "127.0.0.2"}


@pytest.fixture(autouse=True, scope="session")
def _loopback_only():
    """Tests talk to 127.0.0.1 only. Factories name real hosts (api.github.com) and the corpus
    names many more: a lookup of any of them fails here, as if DNS had no answer."""
    import socket

    real_getaddrinfo = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name and name not in _LOOPBACK_NAMES and not name.startswith("127."):
            raise socket.gaierror(socket.EAI_NONAME, f"the test suite resolves loopback names only, not {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = guarded
    yield
    socket.getaddrinfo = real_getaddrinfo
