"""Version 1 of Hexad's REST API, served under /api/v1/ (docs/api.md).

Each app keeps its operations in `hexad/<app>/api.py` as a ninja `Router` called
`router`; the list below mounts them. An app that adds an API adds one line here.
"""

from __future__ import annotations

from importlib import import_module

from ninja import NinjaAPI
from ninja.operation import Operation

from hexad.api import errors
from hexad.api.auth import SessionAuth, TokenAuth
from hexad.api.docs import SWAGGER_SETTINGS, LocalSwagger, signed_in_only

APP_ROUTERS = [
    "hexad.people.api",
    "hexad.roles.api",
    "hexad.accounts.api",
    "hexad.coverage.api",
    "hexad.staffing.api",
    "hexad.relationships.api",
    "hexad.growth.api",
    "hexad.planning.api",
]


class HexadAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`account_list` rather than `hexad_accounts_api_account_list`: the view's name,
        which is also its URL name (`api:account_list`); a test keeps them unique."""
        return operation.view_func.__name__


api = HexadAPI(
    title="Hexad API",
    version="1",
    description=(
        "Accounts, teams and the six roles. Authenticate with a personal API token "
        "(Authorization: Bearer …) or, in the browser, with your session and the CSRF token. "
        "Lists page with limit and offset. See docs/api.md."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=LocalSwagger(settings=SWAGGER_SETTINGS),
    docs_url="/docs",
    docs_decorator=signed_in_only,
)
errors.install(api)

for module in APP_ROUTERS:
    api.add_router("", import_module(module).router)
