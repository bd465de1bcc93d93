"""The API's JSON parser: DRF's, with a limit on nesting (casemgr.jsonlimits).

DRF's JSONParser let a body of a thousand nested arrays raise RecursionError, a 500; here any body
nesting deeper than MAX_JSON_DEPTH answers 400 saying where.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]

from casemgr.jsonlimits import loads_limited


class DepthLimitedJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        # DRF's own choice of charset, which refuses non-text codecs (bz2_codec would inflate the body).
        encoding = get_encoding(parser_context or {})
        try:
            # NaN and Infinity are refused, as DRF's strict JSON does.
            return loads_limited(stream.read().decode(encoding))
        except ValueError as exc:  # not JSON, too deep, or not in the charset (UnicodeDecodeError)
            raise ParseError(f"JSON parse error - {exc}") from None
