from tests.oversight.conftest import separation

__all__ = ["separation"]
