from __future__ import annotations

import pytest
from django.urls import reverse

from admin_console.audit import audit_record
from admin_console.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_actor_object_and_summary(make_user):
    actor = make_user("alice", ["TrustStoreViewer"])
    target = make_user("bob")
    event = audit_record(actor=actor, action="role.grant", target=target, summary="Granted role X to bob")
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.action) == (actor, "alice", "role.grant")
    assert (event.object_type, event.object_id, event.object_repr) == ("user", str(target.pk), "bob")


def test_audit_record_without_actor_names_the_command_line(make_user):
    event = audit_record(actor=None, action="role.grant", target=make_user("bob"), summary="s")
    assert event.actor is None and event.actor_name.startswith("command line")


def test_event_survives_its_actors_deletion(make_user):
    actor = make_user("alice")
    event = audit_record(actor=actor, action="x.y", summary="s")
    actor.delete()
    event.refresh_from_db()
    assert event.actor is None and event.actor_name == "alice"


def test_audit_log_pages_by_fifty_newest_first(client_for):
    client = client_for("HTTPDestViewer")
    for number in range(120):
        audit_record(actor=None, action="test.event", summary=f"event number {number:03d}")
    first = client.get(reverse("audit_log"))
    assert len(first.context["events"]) == 50
    assert first.context["events"][0].summary == "event number 119"
    third = client.get(reverse("audit_log") + "?page=3")
    assert len(third.context["events"]) == 20
    assert "Page 3 of 3" in third.content.decode()


def test_audit_log_search_filters_events(client_for):
    client = client_for("TrustStoreViewer")
    audit_record(actor=None, action="role.grant", summary="Granted role TrustStoreViewer to carol")
    audit_record(actor=None, action="role.revoke", summary="Revoked role HTTPDestViewer from dave")
    page = client.get(reverse("audit_log"), {"q": "carol"}).content.decode()
    assert "to carol" in page and "from dave" not in page
    assert "No event matches" in client.get(reverse("audit_log"), {"q": "zzz"}).content.decode()


def test_audit_log_out_of_range_page_is_404_not_500(client_for):
    assert client_for("TrustStoreViewer").get(reverse("audit_log") + "?page=99").status_code == 404
    assert client_for("HTTPDestViewer").get(reverse("audit_log") + "?page=abc").status_code == 404


def test_dashboard_shows_latest_changes_to_role_holders(client_for):
    audit_record(actor=None, action="role.grant", summary="Granted role HTTPDestViewer to erin")
    assert "Granted role HTTPDestViewer to erin" in client_for("HTTPDestViewer").get("/").content.decode()
    assert AuditEvent.objects.count() == 1
