"""Unexpected exceptions are masked for clients and logged with the request id."""

from __future__ import annotations

import logging

import pytest
import strawberry

from app.requestinfo import request_id_var
from schema.common import ApiError
from schema.limits import MaskInternalErrors
from schema.root import Schema


@strawberry.type
class _Query:
    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def refused(self) -> str:
        raise ApiError("FORBIDDEN", "Your role does not allow this.")


_schema = Schema(query=_Query, extensions=[MaskInternalErrors])


async def test_unexpected_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    request_id_var.set("req-42")
    with caplog.at_level(logging.ERROR, logger="ezre.graphql"):
        result = await _schema.execute("{ broken }")
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "Internal server error."
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}
    assert "hunter2" not in error.message
    [record] = [r for r in caplog.records if "unhandled resolver error" in r.getMessage()]
    # structlog hands the event dict to the JSON formatter, traceback included
    assert "hunter2" in str(record.msg) and "RuntimeError" in str(record.msg)


async def test_intended_errors_keep_their_code() -> None:
    result = await _schema.execute("{ refused }")
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "FORBIDDEN"}
    assert result.errors[0].message == "Your role does not allow this."
