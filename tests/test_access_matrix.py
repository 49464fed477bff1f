"""Every console URL × every principal. A new view joins with one Rule line."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import (
    ANONYMOUS,
    ANY_ROLE,
    DESTINATION_ADMIN,
    DESTINATION_VIEW,
    NO_ROLE,
    PRINCIPALS,
    SIGNED_IN,
    SUPERUSER,
    TRUSTSTORE_ADMIN,
    TRUSTSTORE_VIEW,
    Rule,
)
from tests.factories import (
    ca_pem,
    certificate_kwargs,
    destination_form_data,
    destination_kwargs,
    make_store,
    store_kwargs,
)

def awaiting_store_kwargs() -> dict:
    """A store with a key pair awaiting its certificate response."""
    from truststores import keys, own

    store = make_store()
    own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=client"), sans=[], key_type="ec256", actor=None)
    return {"pk": store.pk}


def closed_destination_kwargs() -> dict:
    """A destination on 127.0.0.1 where nothing listens: tests and fetches fail fast, and stay local."""
    from tests.tls import closed_port

    return destination_kwargs(host="127.0.0.1", port=closed_port())


RULES = [
    Rule("dashboard", SIGNED_IN),
    Rule("audit_log", ANY_ROLE),
    Rule("truststores:truststore_list", TRUSTSTORE_VIEW),
    Rule("truststores:truststore_create", TRUSTSTORE_ADMIN),
    Rule("truststores:truststore_create", TRUSTSTORE_ADMIN, "post", data=lambda: {"name": "new store"}, ok_status=302),
    Rule("truststores:truststore_detail", TRUSTSTORE_VIEW, kwargs=store_kwargs),
    Rule("truststores:truststore_export", TRUSTSTORE_VIEW, kwargs=lambda: store_kwargs(with_certificate=True)),
    Rule("truststores:truststore_delete", TRUSTSTORE_ADMIN, kwargs=store_kwargs),
    Rule("truststores:truststore_delete", TRUSTSTORE_ADMIN, "post", kwargs=store_kwargs, ok_status=302),
    Rule("truststores:certificate_import", TRUSTSTORE_ADMIN, kwargs=lambda: {"store_pk": store_kwargs()["pk"]}),
    Rule(
        "truststores:certificate_import", TRUSTSTORE_ADMIN, "post",
        kwargs=lambda: {"store_pk": store_kwargs()["pk"]}, data=lambda: {"pem": ca_pem().decode()}, ok_status=302,
    ),
    Rule("truststores:own_key_pair", TRUSTSTORE_ADMIN, kwargs=store_kwargs),
    Rule(
        "truststores:own_key_pair", TRUSTSTORE_ADMIN, "post", kwargs=store_kwargs, ok_status=302,
        data=lambda: {"cn": "client", "key_type": "ec256", "o": "", "ou": "", "l": "", "st": "", "c": "", "email": "", "sans": ""},
    ),
    Rule("truststores:own_csr", TRUSTSTORE_VIEW, kwargs=awaiting_store_kwargs),
    Rule("truststores:own_response", TRUSTSTORE_ADMIN, kwargs=awaiting_store_kwargs),
    Rule("truststores:own_pkcs12_import", TRUSTSTORE_ADMIN, kwargs=store_kwargs),
    Rule("truststores:own_pkcs12_export", TRUSTSTORE_ADMIN, kwargs=store_kwargs),
    Rule("truststores:own_certificate", TRUSTSTORE_VIEW, kwargs=store_kwargs, ok_status=302),
    Rule("truststores:own_reset", TRUSTSTORE_ADMIN, kwargs=awaiting_store_kwargs),
    Rule("truststores:own_reset", TRUSTSTORE_ADMIN, "post", kwargs=awaiting_store_kwargs, ok_status=302),
    Rule("truststores:certificate_detail", TRUSTSTORE_VIEW, kwargs=certificate_kwargs),
    Rule("truststores:certificate_pem", TRUSTSTORE_VIEW, kwargs=certificate_kwargs),
    Rule("truststores:certificate_der", TRUSTSTORE_VIEW, kwargs=certificate_kwargs),
    Rule("truststores:certificate_remove", TRUSTSTORE_ADMIN, kwargs=certificate_kwargs),
    Rule("truststores:certificate_remove", TRUSTSTORE_ADMIN, "post", kwargs=certificate_kwargs, ok_status=302),
    Rule("destinations:destination_list", DESTINATION_VIEW),
    Rule("destinations:destination_create", DESTINATION_ADMIN),
    Rule("destinations:destination_create", DESTINATION_ADMIN, "post", data=destination_form_data, ok_status=302),
    Rule("destinations:destination_import", DESTINATION_ADMIN),
    Rule("destinations:destination_detail", DESTINATION_VIEW, kwargs=destination_kwargs),
    Rule("destinations:destination_export", DESTINATION_VIEW, kwargs=destination_kwargs),
    Rule("destinations:destination_update", DESTINATION_ADMIN, kwargs=destination_kwargs),
    Rule(
        "destinations:destination_update", DESTINATION_ADMIN, "post",
        kwargs=destination_kwargs, data=lambda: destination_form_data(host="example.org"), ok_status=302,
    ),
    Rule(
        "destinations:destination_bind", DESTINATION_ADMIN, "post",
        kwargs=destination_kwargs, data=lambda: {"truststore": make_store().pk}, ok_status=302,
    ),
    Rule("destinations:destination_test", DESTINATION_ADMIN, "post", kwargs=lambda: closed_destination_kwargs()),
    Rule("destinations:destination_fetch", DESTINATION_ADMIN, "post", kwargs=lambda: closed_destination_kwargs(), ok_status=302),
    Rule("destinations:destination_trust", DESTINATION_ADMIN, "post", kwargs=lambda: closed_destination_kwargs(), ok_status=302),
    Rule("destinations:destination_delete", DESTINATION_ADMIN, kwargs=destination_kwargs),
    Rule("destinations:destination_delete", DESTINATION_ADMIN, "post", kwargs=destination_kwargs, ok_status=302),
]

# URLs outside the matrix, each with the reason and the test that covers it.
EXEMPT = {
    "login": "the public sign-in page (tests/admin_console/test_auth.py)",
    "logout": "POST-only sign-out (tests/admin_console/test_auth.py)",
    "healthz": "public health check for load balancers (tests/admin_console/test_operations.py)",
}
EXEMPT_NAMESPACES = {"admin": "Django's admin site, staff only (tests/admin_console/test_admin_site.py)"}


def _url_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def test_every_url_has_an_access_rule():
    declared = {rule.url_name for rule in RULES} | set(EXEMPT)
    undeclared = sorted(_url_names(get_resolver().url_patterns) - declared)
    assert undeclared == [], f"views without an access rule in tests/test_access_matrix.py: {undeclared}"


def _client_for(principal: str, make_user) -> Client:
    client = Client()
    if principal == ANONYMOUS:
        return client
    if principal == SUPERUSER:
        user = make_user("root", superuser=True)
    elif principal == NO_ROLE:
        user = make_user("norole")
    else:
        user = make_user(principal.lower(), [principal])
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("rule", "principal"),
    [(rule, principal) for rule in RULES for principal in PRINCIPALS],
    ids=[f"{rule}-{principal}" for rule in RULES for principal in PRINCIPALS],
)
def test_access(rule: Rule, principal: str, make_user, db):
    url = reverse(rule.url_name, kwargs=rule.kwargs() if rule.kwargs else None)
    client = _client_for(principal, make_user)
    call = getattr(client, rule.method)
    response = call(url, rule.data() if rule.data else None) if rule.method == "post" else call(url)

    if principal == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse(settings.LOGIN_URL)}?next=")
    elif principal in rule.allowed:
        assert response.status_code == rule.ok_status
    else:
        assert response.status_code == 403
        reason = response.context["exception"]
        assert reason.startswith("This page needs the ")
        for role in rule.allowed - {SUPERUSER}:
            assert role in reason
        assert reason in response.content.decode()


POST_ONLY = sorted({rule.url_name for rule in RULES if rule.method == "post"} - {rule.url_name for rule in RULES if rule.method == "get"})


@pytest.mark.parametrize("url_name", POST_ONLY)
def test_mutating_endpoints_refuse_get(url_name, make_user, db):
    rule = next(rule for rule in RULES if rule.url_name == url_name)
    client = _client_for(SUPERUSER, make_user)
    response = client.get(reverse(url_name, kwargs=rule.kwargs() if rule.kwargs else None))
    assert response.status_code == 405


def _callbacks(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _callbacks(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_view_declares_its_permission_or_is_explicitly_public():
    undeclared = []
    for name, callback in _callbacks(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        public = getattr(callback, "login_required", True) is False
        declared = view_class is not None and getattr(view_class, "permission_required", None) is not None
        if not (declared or public or name == "logout"):
            undeclared.append(name)
    assert undeclared == []
