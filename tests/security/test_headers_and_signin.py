"""Sign-in throttling, security headers, production cookie settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from admin_console.middleware import CONTENT_SECURITY_POLICY
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, password: str, username: str = "alice"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_user_out_and_say_so(make_user, settings):
    make_user("alice", ["TrustStoreViewer"])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "Please enter a correct username and password" in _sign_in(client, "wrong").content.decode()
    locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed sign-ins for “alice” from this address (5 in a row). Try again in 15 minutes." in page
    # Even the right password is refused while the lock lasts.
    assert _sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_resets_the_count(make_user, settings):
    make_user("alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "wrong")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, "wrong").status_code == 200  # counting starts afresh


def test_another_user_is_not_locked_by_someone_elses_failures(make_user, settings):
    make_user("alice")
    make_user("bob")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "wrong", "alice")
    assert _sign_in(client, PASSWORD, "bob").status_code == 302


def test_every_page_carries_csp_and_frame_protection(client_for):
    for response in (Client().get(reverse("login")), client_for("TrustStoreViewer").get("/")):
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_an_inline_script_or_style(client_for):
    import re

    from tests.factories import destination_kwargs, make_store

    client = client_for(superuser=True)
    store = make_store(with_certificate=True)
    pages = ["/", "/truststores/", store.get_absolute_url(), "/destinations/", f"/destinations/{destination_kwargs()['pk']}/", "/audit/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), url
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_production_cookies_and_hsts(tmp_path):
    import os
    import subprocess
    import sys

    from cryptography.fernet import Fernet

    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")},
        "DEBUG": "0",
        "SECRET_KEY": "s" * 60 + "-production-like-secret",
        "ALLOWED_HOSTS": "console.example.test",
        "CONSOLE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "CONSOLE_DATA_DIR": str(tmp_path),
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "True True 31536000 True DENY", result.stderr
