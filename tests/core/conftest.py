"""The core's tests use the measures' fixture for requesting measures."""

from tests.measures.conftest import request_measure

__all__ = ["request_measure"]
