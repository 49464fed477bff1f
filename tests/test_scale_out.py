"""Several console processes share state only through the database (PostgreSQL in production).

Two gunicorn servers run against the test database: a certificate imported through one is
trusted by an outbound call served by the other on its very next request, because stores
carry a content key in the database that every process's SSL-context cache is keyed on.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.conftest import PASSWORD
from tests.factories import make_destination, make_store
from tests.tls import pem, shared_pki, tls_server

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def console_server(tmp_path: Path):
    """A gunicorn process on the test database; yields its base URL."""
    database = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CONSOLE_DATA_DIR": str(tmp_path),  # both servers share the development secret key file
        "CONSOLE_ENCRYPTION_KEY": ",".join(settings.CONSOLE_ENCRYPTION_KEYS),
        "DEBUG": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "admin_console.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _signed_in(url: str, username: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    page = session.get(f"{url}/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{url}/accounts/login/", data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.url == f"{url}/", response.text[:500]
    return session


def _post(session: requests.Session, url: str, path: str, **data) -> str:
    token = session.cookies["csrftoken"]
    return session.post(f"{url}{path}", data={"csrfmiddlewaretoken": token, **data}, files=data.pop("files", None)).text


def test_import_through_one_server_is_used_by_the_other_on_its_next_call(make_user, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which the servers share (CI runs this in its PostgreSQL pass)")
    from django.test import override_settings

    pki = shared_pki()
    user = make_user("ops", ["TrustStoreAdministrator", "HTTPDestAdministrator"])
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user.set_password(PASSWORD)  # with a hasher the servers know (the suite's fast one is test-only)
        user.save()
    store = make_store("github api")
    with tls_server(pki.leaf("127.0.0.1")) as target, console_server(tmp_path) as first, console_server(tmp_path) as second:
        destination = make_destination(host="127.0.0.1", port=target.port, truststore=store)
        on_first, on_second = _signed_in(first, "ops"), _signed_in(second, "ops")

        before = _post(on_second, second, f"/destinations/{destination.pk}/test/")
        assert "Unable to get local issuer certificate" in before

        imported = _post(on_first, first, f"/truststores/{store.pk}/import/", pem=pem(pki.root).decode())
        assert "Imported 1 certificate (PEM)." in imported

        after = _post(on_second, second, f"/destinations/{destination.pk}/test/")
        assert "<strong>Success:</strong> HTTP 200 OK over TLSv1.3" in after
    assert len(target.requests_seen) == 1  # the first test failed in the handshake; the second got through
