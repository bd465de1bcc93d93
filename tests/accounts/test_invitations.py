"""An officer invites a party from the case page; the link works once, until it expires."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.invitations import do_invite_party
from accounts.models import AccountLink
from audit.models import AuditEntry
from cases.models import PartyRole
from tests.accounts.conftest import NEW_PASSWORD, NOW, sent_links


def _invite(client_for, officer, case, person):
    party = case.parties.get(person=person)
    return client_for(officer).post(f"/cases/{case.public_id}/parties/{party.pk}/invite/")


def _refusals(problem: str) -> int:
    return AuditEntry.objects.filter(action="auth.one_time_link", outcome="failed", detail__problem=problem).count()


def test_it_invites_a_complainant_by_an_e_mail_without_her_name_or_the_case(
    client_for, officer, case, complainant, clock
):
    officer_client = client_for(officer)
    party = case.parties.get(person=complainant)
    response = officer_client.post(f"/cases/{case.public_id}/parties/{party.pk}/invite/", follow=True)
    assert "Invitation sent by e-mail. Its link works once, for 72 hours." in response.content.decode()
    links = sent_links()
    assert len(links) == 1
    message = mail.outbox[-1]
    assert message.to == [complainant.email]
    for secret in (complainant.display_name, complainant.username, case.reference):
        assert secret not in message.subject
    assert message.subject == "Your invitation to the case system"
    assert links[0].startswith(f"{settings.CASEMGR_SITE_URL}/accounts/link/")
    assert "72 hours" in message.body
    # Only a hash is stored, and the seed the token came from is gone once the mail left.
    token = links[0].rstrip("/").rsplit("/", 1)[1]
    link = AccountLink.objects.get()
    assert token not in link.token_hash
    assert link.seed == ""
    entry = AuditEntry.objects.get(action="auth.invitation")
    assert entry.actor_id == officer.pk
    assert entry.case_id == case.pk
    assert token not in str(entry.detail)


def test_the_invitation_is_not_in_the_party_s_notification_list(client_for, officer, case, complainant, clock):
    _invite(client_for, officer, case, complainant)
    page = client_for(complainant).get("/notifications/").content.decode()
    assert "invitation" not in page.lower()
    assert "/accounts/link/" not in page


def test_the_link_sets_a_password_once_and_then_says_it_was_used(officer, complainant, clock):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    (url,) = sent_links()
    path = urlsplit(url).path
    browser = Client()
    response = browser.get(path)
    assert response.status_code == 302
    # The token leaves the address bar before the password is typed.
    assert response["Location"] == "/accounts/link/password/"
    page = browser.get("/accounts/link/password/").content.decode()
    assert "Choose your password" in page
    assert complainant.username in page
    weak = browser.post("/accounts/link/password/", {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    done = browser.post("/accounts/link/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/login/"
    signed_in = Client().post("/accounts/login/", {"username": complainant.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert AuditEntry.objects.filter(action="auth.password_set", target=f"user:{complainant.pk}").count() == 1

    again = Client().get(path)
    assert again.status_code == 410
    assert "The link was already used" in again.content.decode()
    assert "<main" in again.content.decode()  # in the site's layout
    assert _refusals("used") == 1


def test_an_expired_link_says_so_and_is_recorded(officer, complainant, clock):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    (url,) = sent_links()
    clock.shift(dt.timedelta(hours=72, seconds=1))
    response = Client().get(urlsplit(url).path)
    assert response.status_code == 410
    page = response.content.decode()
    assert "The link has expired" in page
    assert "Ask the conduct office for a new invitation" in page
    assert _refusals("expired") == 1
    entry = AuditEntry.objects.get(action="auth.one_time_link")
    assert entry.target == f"user:{complainant.pk}"


def test_a_wrong_token_says_the_link_is_not_valid_and_is_recorded(officer, complainant, clock):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    (url,) = sent_links()
    wrong = urlsplit(url).path.replace("/link/", "/link/0")
    response = Client().get(wrong)
    assert response.status_code == 404
    assert "The link is not valid" in response.content.decode()
    assert _refusals("unknown") == 1
    # No token, right or wrong, is kept in the trail.
    assert all(wrong.split("/")[-2] not in str(e.detail) for e in AuditEntry.objects.all())


def test_the_set_password_page_without_a_link_says_so(db, clock):
    response = Client().post("/accounts/link/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert "The link is not valid" in response.content.decode()
    assert _refusals("unknown") == 1


def test_using_one_link_withdraws_the_older_ones(officer, complainant, clock):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    first, second = sent_links()
    browser = Client()
    browser.get(urlsplit(second).path)
    browser.post("/accounts/link/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = Client().get(urlsplit(first).path)
    assert response.status_code == 410
    assert "a newer link was used" in response.content.decode()


def test_an_officer_not_on_the_case_cannot_invite(client_for, other_officer, case, complainant, clock):
    party = case.parties.get(role=PartyRole.COMPLAINANT)
    response = client_for(other_officer).post(f"/cases/{case.public_id}/parties/{party.pk}/invite/")
    assert response.status_code == 404
    assert not AccountLink.objects.exists()


def test_the_respondent_can_be_invited_from_the_case_page(client_for, officer, case, respondent, clock):
    page = client_for(officer).get(f"/cases/{case.public_id}/").content.decode()
    assert "Invite to sign in" in page
    _invite(client_for, officer, case, respondent)
    assert AccountLink.objects.get().user == respondent
    page = client_for(officer).get(f"/cases/{case.public_id}/").content.decode()
    assert "Invite again" in page


def test_a_person_without_an_e_mail_address_is_not_invited(client_for, officer, case, complainant, clock):
    complainant.email = ""
    complainant.save()
    party = case.parties.get(person=complainant)
    response = client_for(officer).post(f"/cases/{case.public_id}/parties/{party.pk}/invite/", follow=True)
    page = response.content.decode()
    assert "No invitation was sent: this person has no e-mail address" in page
    assert not AccountLink.objects.exists()


def test_the_invitation_is_written_in_the_person_s_language(officer, complainant, clock):
    complainant.preferred_language = "zh-hant"
    complainant.save()
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    assert len(sent_links()) == 1
    assert mail.outbox[-1].subject == "您的個案系統邀請"
    assert "72 小時" in mail.outbox[-1].body
