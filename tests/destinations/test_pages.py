"""The HTTP destination pages: create, edit, bind with warnings, import, export, delete."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from admin_console.models import AuditEvent
from destinations.models import HttpDestination
from tests.factories import (
    destination_form_data,
    leaf_pem,
    make_destination,
    make_store,
    self_signed,
    test_ca,
    to_pem,
)
from truststores.models import TrustStore
from truststores.services import certificates_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for("HTTPDestAdministrator")


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _field_errors(response) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def _warning_codes(client, destination) -> list[str]:
    return [warning.code for warning in client.get(destination.get_absolute_url()).context["warnings"]]


# --- create / edit --------------------------------------------------------


def test_create_destination_from_the_form(admin_client):
    response = admin_client.post(reverse("destinations:destination_create"), destination_form_data(description="GitHub API"), follow=True)
    destination = HttpDestination.objects.get()
    assert (destination.package, destination.name, destination.host, destination.port) == ("debugging.github", "github", "api.github.com", 443)
    assert destination.use_ssl and destination.ssl_host_check and destination.truststore is None
    assert _messages(response) == ["Created destination debugging.github:github. Bind a trust store to it next."]
    assert AuditEvent.objects.get(action="destination.create").summary == "Created destination debugging.github:github (api.github.com:443)"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"package": "debugging..github"}, "package", "it has an empty segment"),
        ({"package": "debugging/github"}, "package", "write debugging.github with dots, not slashes"),
        ({"name": "git hub"}, "name", "name must be an identifier like github"),
        ({"host": "<TODO: your host>"}, "host", "host may hold only letters, digits, hyphens and dots"),
        ({"host": "https://api.github.com/v3"}, "host", 'host must be a host name, not a URL: write host = "api.github.com"; and useSSL = true;'),
        ({"port": "0"}, "port", "port must be between 1 and 65535"),
        ({"port": "70000"}, "port", "port must be between 1 and 65535"),
        ({"proxy_type": "http", "proxy_host": "", "proxy_port": ""}, "proxy_host", ""),
        ({"path_prefix": "repos"}, "path_prefix", "pathPrefix must start with '/'"),
        ({"ssl_auth": "sometimes"}, "ssl_auth", "Select a valid choice"),
    ],
    ids=["package-dots", "package-slashes", "name", "placeholder-host", "url-host", "port-0", "port-70000", "proxy-without-host", "path-prefix", "enum"],
)
def test_each_validation_rule_has_its_own_message(admin_client, overrides, field, message):
    response = admin_client.post(reverse("destinations:destination_create"), destination_form_data(**overrides))
    assert response.status_code == 200
    errors = _field_errors(response)
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert not HttpDestination.objects.exists()


def test_duplicate_package_and_name_is_refused(admin_client):
    make_destination()
    response = admin_client.post(reverse("destinations:destination_create"), destination_form_data())
    assert _field_errors(response)["name"] == ["A destination debugging.github:github already exists."]


def test_edit_changes_fields_and_audits_what_changed(admin_client):
    destination = make_destination()
    admin_client.post(reverse("destinations:destination_update", kwargs={"pk": destination.pk}), destination_form_data(port="8443", path_prefix="/repos?per_page=5"))
    destination.refresh_from_db()
    assert (destination.port, destination.path_prefix) == (8443, "/repos?per_page=5")
    assert AuditEvent.objects.get(action="destination.change").summary == "Changed destination debugging.github:github: port, path_prefix"


def test_password_is_write_only_and_encrypted_at_rest(admin_client):
    admin_client.post(reverse("destinations:destination_create"), destination_form_data(auth_type="basic", basic_user="octo", basic_password="s3cret-Pa55"))
    destination = HttpDestination.objects.get()
    assert destination.password() == "s3cret-Pa55"
    with connection.cursor() as cursor:
        cursor.execute("SELECT basic_password_encrypted FROM destinations_httpdestination")
        stored = cursor.fetchone()[0]
    assert "s3cret-Pa55" not in stored and stored.startswith("gAAAA")
    for url in (destination.get_absolute_url(), reverse("destinations:destination_update", kwargs={"pk": destination.pk}), reverse("destinations:destination_export", kwargs={"pk": destination.pk})):
        page = admin_client.get(url).content.decode()
        assert "s3cret-Pa55" not in page and stored not in page
    assert "set (encrypted, not shown)" in admin_client.get(destination.get_absolute_url()).content.decode()
    assert not any("s3cret" in summary for summary in AuditEvent.objects.values_list("summary", flat=True))


def test_blank_password_on_edit_keeps_it_and_clear_removes_it(admin_client):
    destination = make_destination(auth_type="basic", basic_user="octo")
    destination.set_password("keep-me")
    destination.save()
    url = reverse("destinations:destination_update", kwargs={"pk": destination.pk})
    admin_client.post(url, destination_form_data(auth_type="basic", basic_user="octo"))
    destination.refresh_from_db()
    assert destination.password() == "keep-me"
    admin_client.post(url, destination_form_data(auth_type="basic", basic_user="octo", clear_password="on"))
    destination.refresh_from_db()
    assert not destination.has_password


def test_effective_timeout_is_shown_in_seconds(client_for):
    page = client_for("HTTPDestViewer").get(make_destination(timeout=30000).get_absolute_url()).content.decode()
    assert "30000 ms = 30 s" in page
    page = client_for("HTTPDestViewer", username="v2").get(make_destination(name="other", timeout=-1).get_absolute_url()).content.decode()
    assert "-1 → the console's default, 30 s" in page


# --- binding and its warnings --------------------------------------------


def test_bind_a_store_and_unbind_it(admin_client):
    destination = make_destination()
    store = make_store()
    url = reverse("destinations:destination_bind", kwargs={"pk": destination.pk})
    assert admin_client.get(url).status_code == 405  # mutating endpoint refuses GET
    response = admin_client.post(url, {"truststore": store.pk}, follow=True)
    destination.refresh_from_db()
    assert destination.truststore == store
    assert _messages(response) == ["Bound trust store 'github api' to debugging.github:github."]
    admin_client.post(url, {"truststore": ""})
    destination.refresh_from_db()
    assert destination.truststore is None
    assert list(AuditEvent.objects.filter(action="destination.bind").order_by("pk").values_list("summary", flat=True)) == [
        "Bound trust store 'github api' to debugging.github:github",
        "Unbound trust store 'github api' from debugging.github:github",
    ]


def test_ssl_without_store_warns_about_local_issuer(client_for):
    page = client_for("HTTPDestViewer").get(make_destination().get_absolute_url()).content.decode()
    assert "the call will fail with &#x27;unable to get local issuer certificate&#x27;" in page


def test_empty_store_warns(client_for):
    destination = make_destination(truststore=make_store())
    assert _warning_codes(client_for("HTTPDestViewer"), destination) == ["store_empty"]


def test_store_of_end_entities_not_naming_the_host_warns_until_a_matching_one_is_imported(client_for):
    store = make_store()
    certificates_import(store=store, data=leaf_pem("www.example.test"), source="test", actor=None)
    destination = make_destination(truststore=store)
    client = client_for("HTTPDestViewer")
    warnings = client.get(destination.get_absolute_url()).context["warnings"]
    assert [w.code for w in warnings] == ["host_mismatch"]
    assert "none of them names api.github.com (they name: DNS:www.example.test)" in warnings[0].text
    certificates_import(store=store, data=leaf_pem("*.github.com"), source="test", actor=None)
    assert _warning_codes(client, destination) == []


def test_store_with_a_ca_does_not_warn_about_the_host(client_for):
    destination = make_destination(truststore=make_store(with_certificate=True))
    assert _warning_codes(client_for("HTTPDestViewer"), destination) == []


def test_client_auth_with_anonymous_store_warns_with_the_own_certificate_message(client_for):
    destination = make_destination(truststore=make_store(with_certificate=True), ssl_auth="client")
    warnings = client_for("HTTPDestViewer").get(destination.get_absolute_url()).context["warnings"]
    assert [w.text for w in warnings] == [
        "Own certificate cannot be accessed: store 'github api' is anonymous — create its key pair first."
    ]


def test_host_check_off_shows_a_red_banner(client_for):
    destination = make_destination(truststore=make_store(with_certificate=True), ssl_host_check=False)
    page = client_for("HTTPDestViewer").get(destination.get_absolute_url()).content.decode()
    assert 'class="alert alert-danger" role="alert" data-code="host_check_off"' in page
    assert "Host checking is off" in page


def test_viewer_sees_no_control_that_changes_anything(client_for):
    destination = make_destination(truststore=make_store())
    page = client_for("HTTPDestViewer").get(destination.get_absolute_url()).content.decode()
    assert "Bind a trust store" not in page and ">Edit</a>" not in page and ">Delete</a>" not in page
    assert "Bound to" in page and "github api" in page


# --- where used -----------------------------------------------------------


def test_store_page_lists_its_destinations_and_delete_is_refused(client_for):
    store = make_store()
    make_destination(truststore=store)
    client = client_for("TrustStoreAdministrator", "HTTPDestViewer")
    page = client.get(store.get_absolute_url()).content.decode()
    assert ">debugging.github:github</a>" in page
    list_page = client.get(reverse("truststores:truststore_list")).content.decode()
    assert '<td class="text-end">1</td>\n    </tr>' in list_page
    confirm = client.get(reverse("truststores:truststore_delete", kwargs={"pk": store.pk})).content.decode()
    assert "This store cannot be deleted: 1 destination uses it." in confirm
    response = client.post(reverse("truststores:truststore_delete", kwargs={"pk": store.pk}), follow=True)
    assert TrustStore.objects.filter(pk=store.pk).exists()
    assert _messages(response) == [
        "Trust store 'github api' is bound to 1 destination(s): debugging.github:github. "
        "Bind those destinations to another store (or none) first."
    ]


def test_database_protects_a_bound_store(client_for):
    from django.db.models import ProtectedError

    store = make_store()
    make_destination(truststore=store)
    with pytest.raises(ProtectedError):
        store.delete()


# --- import / export / delete --------------------------------------------

GITHUB_FILE = b'description = "GitHub API";\r\nhost = "api.github.com";\r\nport = 443;\r\nuseSSL = true;\r\nsslHostCheck = true;\r\n'


def test_import_one_file_names_it_after_the_file(admin_client):
    response = admin_client.post(
        reverse("destinations:destination_import"),
        {"files": [SimpleUploadedFile("github.xshttpdest", GITHUB_FILE)], "package": "debugging.github"},
        follow=True,
    )
    destination = HttpDestination.objects.get()
    assert (str(destination), destination.description, destination.use_ssl) == ("debugging.github:github", "GitHub API", True)
    assert _messages(response) == ["Imported 1 file: created 1, replaced 0."]


def test_import_is_all_or_nothing_with_line_and_column(admin_client):
    bad = b'host = "x.example";\nport = 443;\nuseSSL = maybe;\n'
    response = admin_client.post(
        reverse("destinations:destination_import"),
        {"files": [SimpleUploadedFile("good.xshttpdest", GITHUB_FILE), SimpleUploadedFile("bad.xshttpdest", bad)], "package": "debugging.github"},
    )
    assert not HttpDestination.objects.exists()
    errors = _field_errors(response)
    assert any(error.startswith("bad.xshttpdest: line 3, column 10:") for error in errors["files"]), errors
    assert "Nothing was imported" in response.content.decode()


def test_import_refuses_an_existing_destination_unless_replacing_and_keeps_the_binding(admin_client):
    store = make_store()
    make_destination(truststore=store, host="old.example")
    upload = lambda: SimpleUploadedFile("github.xshttpdest", GITHUB_FILE)  # noqa: E731
    response = admin_client.post(reverse("destinations:destination_import"), {"files": [upload()], "package": "debugging.github"})
    assert any("already exists (choose to replace it)" in error for error in _field_errors(response)["files"])
    admin_client.post(reverse("destinations:destination_import"), {"files": [upload()], "package": "debugging.github", "replace": "on"})
    destination = HttpDestination.objects.get()
    assert (destination.host, destination.truststore) == ("api.github.com", store)


def test_export_writes_a_file_that_reimports_to_the_same_values(admin_client):
    from destinations import xshttpdest

    destination = make_destination(path_prefix='/search?q="x"&n=1', timeout=-1, proxy_type="http", proxy_host="proxy", proxy_port=8080, basic_user="octo")
    destination.set_password("never-exported")
    destination.save()
    response = admin_client.get(reverse("destinations:destination_export", kwargs={"pk": destination.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="github.xshttpdest"'
    text = response.content.decode()
    assert "never-exported" not in text and "octo" not in text
    values = xshttpdest.destination_values(xshttpdest.parse(text))
    for attr, value in values.items():
        if attr != "use_proxy":
            assert getattr(destination, attr) == value, attr


def test_delete_confirms_then_deletes(admin_client):
    destination = make_destination()
    url = reverse("destinations:destination_delete", kwargs={"pk": destination.pk})
    assert "Delete destination debugging.github:github?" in admin_client.get(url).content.decode()
    admin_client.post(url)
    assert not HttpDestination.objects.exists()
    assert AuditEvent.objects.filter(action="destination.delete").exists()


def test_destination_page_does_not_read_the_whole_store(client_for):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    client = client_for("HTTPDestViewer")

    def page_queries(certificate_count: int, name: str) -> list[str]:
        store = make_store(name)
        certificates_import(store=store, data=b"".join(to_pem(self_signed(f"{name} {n}")) for n in range(certificate_count)), source="t", actor=None)
        destination = make_destination(name=name.replace(" ", "_"), truststore=store)
        with CaptureQueriesContext(db) as captured:
            assert client.get(destination.get_absolute_url()).status_code == 200
        return [query["sql"] for query in captured]

    small, large = page_queries(1, "small store"), page_queries(40, "large store")
    assert len(small) == len(large)
    assert not any('"der"' in sql for sql in large)  # no certificate's DER is read for a store with a CA
