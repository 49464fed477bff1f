"""The access-matrix harness.

Each console view joins the matrix with one ``Rule`` in tests/test_access_matrix.py,
declaring who may use it. Every rule is checked for every principal: anonymous
(sent to sign in), a user with no role, each role, and a superuser. A principal
without the needed role gets a 403 page naming the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from admin_console.roles import role_names

ANONYMOUS = "anonymous"
NO_ROLE = "no role"
SUPERUSER = "superuser"
PRINCIPALS = [ANONYMOUS, NO_ROLE, *role_names(), SUPERUSER]

# Shorthands for Rule.allowed.
SIGNED_IN = frozenset([NO_ROLE, *role_names(), SUPERUSER])
ANY_ROLE = frozenset([*role_names(), SUPERUSER])
TRUSTSTORE_VIEW = frozenset(["TrustStoreViewer", "TrustStoreAdministrator", SUPERUSER])
TRUSTSTORE_ADMIN = frozenset(["TrustStoreAdministrator", SUPERUSER])
DESTINATION_VIEW = frozenset(["HTTPDestViewer", "HTTPDestAdministrator", SUPERUSER])
DESTINATION_ADMIN = frozenset(["HTTPDestAdministrator", SUPERUSER])


@dataclass(frozen=True)
class Rule:
    """Who may use one URL, and how to call it.

    ``kwargs`` builds the objects the URL needs (called inside the test's database)
    and returns the URL's keyword arguments; ``data`` is the POST body.
    """

    url_name: str
    allowed: frozenset[str]
    method: str = "get"
    kwargs: Callable[[], dict] | None = field(default=None, compare=False)
    data: Callable[[], dict] | None = field(default=None, compare=False)
    ok_status: int = 200

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url_name}"
