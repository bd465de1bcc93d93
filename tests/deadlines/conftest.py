from tests.measures.conftest import request_measure  # noqa: F401 - the same fixture for deadline tests
