"""The guard in front of GraphQL multipart requests (file uploads).

Multipart is a "simple" content type a browser form may post cross-site without asking, so
following Strawberry's CSRF guidance a multipart request must also carry a header only a
script can set, which makes the browser send a CORS preflight first: `Apollo-Require-Preflight`
(apollo-upload-client) or `X-Apollo-Operation-Name`. The body size is capped before parsing.
"""

from __future__ import annotations

from cross_web import FormData as CrossFormData
from cross_web import StarletteRequestAdapter
from starlette.datastructures import FormData, Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
# Room for the operations/map parts and multipart framing on top of the largest file.
MULTIPART_OVERHEAD = 1024 * 1024
# Where the request adapter leaves parsed forms for the guard to close.
_FORMS_KEY = "ezre.multipart_forms"


class _TooLarge(Exception):
    pass


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}, status
    )


class UploadRequestAdapter(StarletteRequestAdapter):
    """Starlette spools uploaded files to temporary files that only `FormData.close()`
    releases and Strawberry never closes them: leave each parsed form on the scope so
    `UploadGuard` closes it once the response is sent, whatever the resolvers did."""

    async def get_form_data(self) -> CrossFormData:
        data = await super().get_form_data()
        form = data.form
        if isinstance(form, FormData):
            self._request.scope.setdefault(_FORMS_KEY, []).append(form)
        return data


async def _close_forms(scope: Scope) -> None:
    for form in scope.pop(_FORMS_KEY, []):
        await form.close()


class UploadGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "multipart/form-data":
            await self.app(scope, receive, send)
            return
        if not any(headers.get(name, "").strip() for name in PREFLIGHT_HEADERS):
            response = _error(
                400,
                "CSRF_PREFLIGHT_REQUIRED",
                "Multipart requests must send an `Apollo-Require-Preflight: true` (or "
                "`X-Apollo-Operation-Name`) header.",
            )
            await response(scope, receive, send)
            return
        limit = self.max_body_bytes
        too_large = _error(
            413, "PAYLOAD_TOO_LARGE", f"The request is larger than {limit // 1024 // 1024} MB."
        )
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _error(400, "BAD_REQUEST", "Invalid Content-Length.")(scope, receive, send)
                return
            if int(length) > limit:
                await too_large(scope, receive, send)
                return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _TooLarge:
            if started:
                raise
            await too_large(scope, receive, send)
        finally:
            await _close_forms(scope)
