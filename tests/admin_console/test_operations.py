"""Running the console for real: health check, deploy settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_without_sign_in():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("the server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
