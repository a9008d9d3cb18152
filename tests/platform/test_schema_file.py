from __future__ import annotations

from app.settings import PROJECT_ROOT
from schema.root import export_sdl


def test_checked_in_schema_matches_the_live_schema() -> None:
    checked_in = (PROJECT_ROOT / "schema.graphql").read_text()
    assert checked_in == export_sdl(), "schema.graphql is stale: run `make schema`"
