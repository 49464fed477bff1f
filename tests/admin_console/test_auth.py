"""Signing in and out, the closed-by-default rule, error pages and navigation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in_with_next():
    response = Client().get("/audit/?q=x")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/%3Fq%3Dx"


def test_sign_in_page_renders_form_with_labels():
    page = Client().get(reverse("login")).content.decode()
    assert "<title>Sign in · Trust Console</title>" in page
    assert re.search(r'<label\s+for="id_username"', page) and re.search(r'<label\s+for="id_password"', page)


def test_wrong_password_is_refused_with_a_message_and_no_session(make_user):
    make_user("alice", ["TrustStoreViewer"])
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message_as_a_wrong_password():
    response = Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert "Please enter a correct username and password" in response.content.decode()


def test_sign_in_lands_on_dashboard_showing_user_and_roles(make_user):
    make_user("alice", ["TrustStoreViewer", "HTTPDestAdministrator"])
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "<h1>Dashboard</h1>" in page
    assert "Signed in as <strong>alice</strong>" in page
    assert ">TrustStoreViewer</span>" in page and ">HTTPDestAdministrator</span>" in page


def test_sign_in_follows_next_to_the_page_asked_for(make_user):
    make_user("alice", ["TrustStoreViewer"])
    response = Client().post(reverse("login") + "?next=/audit/", {"username": "alice", "password": PASSWORD, "next": "/audit/"})
    assert response["Location"] == "/audit/"


def test_sign_out_needs_post_and_shows_signed_out_page(client_for):
    client = client_for("TrustStoreViewer")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert "You have signed out" in response.content.decode()
    assert client.get("/").status_code == 302


def test_navigation_shows_only_what_the_roles_allow(client_for):
    page = client_for("TrustStoreViewer").get("/").content.decode()
    assert ">Trust stores</a>" in page
    assert ">HTTP destinations</a>" not in page
    assert ">Audit log</a>" in page
    assert "Users &amp; roles" not in page


def test_user_without_role_sees_dashboard_telling_them_to_ask_for_one(client_for):
    page = client_for().get("/").content.decode()
    assert "hold no console role yet" in page
    assert ">Trust stores</a>" not in page and ">Audit log</a>" not in page
    assert '<span class="badge text-bg-warning">no role</span>' in page


def test_superuser_holds_every_role_and_sees_the_admin_link(client_for):
    page = client_for(superuser=True).get("/").content.decode()
    for role in ["TrustStoreViewer", "TrustStoreAdministrator", "HTTPDestViewer", "HTTPDestAdministrator"]:
        assert f">{role}</span>" in page
    assert ">HTTP destinations</a>" in page and "Users &amp; roles" in page


def test_forbidden_page_names_the_missing_role_and_the_roles_held(client_for):
    response = client_for("TrustStoreViewer").get(reverse("destinations:destination_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<title>Access denied · Trust Console</title>" in page
    assert "This page needs the HTTPDestViewer role (or HTTPDestAdministrator). You hold TrustStoreViewer." in page


def test_unknown_url_gets_404_page_in_the_layout(client_for):
    response = client_for("TrustStoreViewer").get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page and "/no/such/page/" in page
    assert "Signed in as <strong>truststoreviewer</strong>" in page


def test_layout_uses_local_bootstrap_and_no_cdn(client_for):
    page = client_for("TrustStoreViewer").get("/").content.decode()
    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in page
    assert 'src="/static/bootstrap/js/bootstrap.bundle.min.js"' in page
    assert "https://" not in page and "//cdn" not in page


def test_navigation_marks_the_section_of_the_current_page(client_for):
    page = client_for("TrustStoreAdministrator").get("/truststores/new/").content.decode()
    assert re.search(r'class="nav-link text-nowrap active" href="/truststores/"\s+aria-current="page">Trust stores</a>', page)
    assert 'active" href="/"' not in page
