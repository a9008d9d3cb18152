"""Query limits and error masking, each passed to the schema as a factory (one per operation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from app.logging import get_logger
from app.requestinfo import request_id_var

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
log = get_logger("ezre.graphql")


# The limiters report plain validation/syntax errors; these phrases identify them.
_LIMIT_PHRASES = ("exceeds maximum operation depth", "aliases found", "Document contains more than")


def _is_limit_error(error: GraphQLError) -> bool:
    return any(phrase in error.message for phrase in _LIMIT_PHRASES)


def limit_extensions(
    max_depth: int, max_aliases: int, max_tokens: int
) -> list[Callable[[], SchemaExtension]]:
    # The limiters build a new rule class per instance, which would make every validation a
    # cache miss; their rule classes are stateless, so build them once and share the classes
    # (extensions themselves stay one instance per operation).
    rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    ]
    return [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        # A bounded LRU of validation results: the same documents arrive again and again from
        # the app and persisted-query partners. (No parser cache: its parse runs outside
        # Strawberry's error handling, so a too-long document would lose its error code.)
        lambda: ValidationCache(maxsize=512),
        MaskInternalErrors,
    ]


class MaskInternalErrors(SchemaExtension):
    """Unexpected exceptions reach clients as INTERNAL_SERVER_ERROR with the request id;
    the traceback goes to the log. GraphQL errors we raise on purpose pass through."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        result.errors = [self._mask(e) for e in errors]

    def _mask(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            if _is_limit_error(error):
                error.extensions = {**(error.extensions or {}), "code": TOO_COMPLEX}
            return error
        request_id = request_id_var.get()
        log.error(
            "unhandled resolver error",
            path=error.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        return GraphQLError(
            "Internal server error.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )
