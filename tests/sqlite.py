"""Known gaps of the embedded default, SQLite, that the SQLite run (scripts/test) found and that their
owners are still to close; each is an xfail on SQLite only, so PostgreSQL still tests the path fully.

None is open now: the governance reports (issue 14) work on SQLite through reports.portable. A gap
found later gets a helper here, called from the test it affects:

    def xfail_<what>_on_sqlite() -> None:
        if connection.vendor == "sqlite":
            pytest.xfail("<what> is PostgreSQL-only (<symptom> on SQLite)")
"""
