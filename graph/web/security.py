"""Who may use the page: loopback by default, an access token for any other host, and a
CSRF token on every POST.

The CSRF token is one random value per server process, put in every form; a page of
another site cannot read it (same-origin policy), so it cannot forge a review. The access
token (``--token``, required with ``--allow-remote``) may arrive once as ``?token=`` and is
then kept in an HttpOnly, SameSite=Strict cookie; headers forbid framing and any script not
served by this app (mermaid injects only styles).
"""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import parse_qsl

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

TOKEN_COOKIE = "sopgraph_token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    """Does ``host`` name this machine only (``localhost``, 127.0.0.0/8, ``::1``)?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, allow_remote: bool, token: str | None) -> None:
    """Refuse to listen beyond loopback without ``--allow-remote`` and a token."""
    if is_loopback(host):
        return
    if not allow_remote:
        raise ValueError(f"--host {host} is reachable from other machines: add --allow-remote and --token")
    if not token or len(token) < 16:
        raise ValueError("--allow-remote needs --token with at least 16 characters")


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str, given: str | None) -> bool:
    return given is not None and secrets.compare_digest(expected.encode(), given.encode())


async def form_fields(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (the only kind the forms send), parsed
    without python-multipart; a repeated field (a checkbox group) is joined with commas."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields: dict[str, str] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        fields[key] = f"{fields[key]},{value}" if key in fields else value
    return fields


class Guard(BaseHTTPMiddleware):
    """The access token (when set) on every request, and the security headers on every answer."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.token is not None:
            given = request.query_params.get("token")
            if given is not None and csrf_ok(self.token, given):
                clean = request.url.remove_query_params("token")
                answer: Response = RedirectResponse(str(clean), status_code=303)
                answer.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                return _secured(answer)
            if not csrf_ok(self.token, request.cookies.get(TOKEN_COOKIE)):
                return _secured(PlainTextResponse("open the link with ?token=... first", status_code=401))
        return _secured(await call_next(request))


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
