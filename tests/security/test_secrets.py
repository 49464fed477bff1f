"""No private key and no destination password in the database, the logs or any rendered page."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.factories import destination_form_data, make_destination, make_store
from tests.tls import closed_port
from truststores import keys, own

pytestmark = pytest.mark.django_db

PASSWORD = "Tr0ub4dor&3-destination"


@pytest.fixture
def secrets_in_place(client_for, caplog):
    """A store with a key pair (through the page) and a destination with a password (through the form)."""
    caplog.set_level(logging.DEBUG)
    client = client_for(superuser=True)
    store = make_store()
    client.post(
        reverse("truststores:own_key_pair", kwargs={"pk": store.pk}),
        {"cn": "client", "o": "", "ou": "", "l": "", "st": "", "c": "", "email": "", "sans": "", "key_type": "ec256"},
    )
    client.post(
        reverse("destinations:destination_create"),
        destination_form_data(auth_type="basic", basic_user="octo", basic_password=PASSWORD, host="127.0.0.1", port=str(closed_port())),
    )
    destination = apps.get_model("destinations", "HttpDestination").objects.get()
    client.post(reverse("destinations:destination_bind", kwargs={"pk": destination.pk}), {"truststore": store.pk})
    client.post(reverse("destinations:destination_test", kwargs={"pk": destination.pk}))
    key_pem = store.own_certificate.private_key_pem().decode()
    key_body = "".join(key_pem.splitlines()[1:-1])
    return client, store, destination, key_body


def _needles(key_body: str) -> list[str]:
    return [PASSWORD, "PRIVATE KEY", key_body[:40], key_body[-40:]]


def test_database_holds_no_secret_in_clear(secrets_in_place):
    _, _, _, key_body = secrets_in_place
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [field.column for field in model._meta.concrete_fields]
            cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row):
                    text = bytes(value).decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)
                    found += [f"{table}.{column}: {needle[:12]}" for needle in _needles(key_body) if needle in text]
    assert found == []


def test_logs_hold_no_secret(secrets_in_place, caplog):
    _, _, _, key_body = secrets_in_place
    records = caplog.get_records("setup")  # the fixture's actions
    text = "\n".join(record.getMessage() for record in records)
    assert "outbound destination=debugging.github:github" in text and "action=own.key_pair" in text
    for needle in _needles(key_body):
        assert needle not in text


def test_no_page_shows_a_secret(secrets_in_place):
    client, store, destination, key_body = secrets_in_place
    urls = [
        "/", "/audit/", "/truststores/", store.get_absolute_url(), "/destinations/", destination.get_absolute_url(),
        reverse("destinations:destination_update", kwargs={"pk": destination.pk}),
        reverse("destinations:destination_export", kwargs={"pk": destination.pk}),
        reverse("truststores:own_csr", kwargs={"pk": store.pk}),
        reverse("truststores:own_response", kwargs={"pk": store.pk}),
        reverse("truststores:own_reset", kwargs={"pk": store.pk}),
        "/django-admin/",
    ]
    for url in urls:
        body = client.get(url).content.decode("utf-8", "replace")
        for needle in _needles(key_body):
            assert needle not in body, (url, needle[:12])
    # The test page, which runs a real call with the password.
    body = client.post(reverse("destinations:destination_test", kwargs={"pk": destination.pk})).content.decode()
    assert PASSWORD not in body


def test_the_password_is_really_used_for_the_call(secrets_in_place):
    from destinations.http import read_destination

    _, _, destination, _ = secrets_in_place
    assert read_destination(destination.package, destination.name, caller_package=destination.package).basic_password == PASSWORD
