from django.contrib import admin

from cases.models import Case, CaseEvent, Outcome, SanctionType


def test_it_offers_the_sanction_catalogue_and_no_case_records_in_the_admin():
    registered = admin.site._registry
    assert SanctionType in registered
    for model in (Case, CaseEvent, Outcome):
        assert model not in registered
