"""The public pages: anyone may report without an account, and come back with the number and key.

No report number, key or id ever appears in a URL. A return visit keeps the report's id in the session
only after the number and key were checked; a wrong number and a wrong key get the same answer.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.client_ip import client_ip
from casemgr.clock import now
from deadlines.policy import policy_in_force
from intake.actions import do_record_contact_choice, do_reporter_message
from intake.forms import ContactChoiceForm, LookupForm, MessageForm, ReportForm
from intake.models import IntakeReport, ReportStatus, ReportWay
from intake.pages import reporter_view
from intake.report_keys import find_report
from intake.submit import do_submit_report
from intake.throttle import allow_lookup, allow_report

RECEIPT = "intake_receipt"
REPORT = "intake_report"


def _acknowledgement_days() -> int:
    """The policy's promise, as the public pages state it (a number the institution sets)."""
    return policy_in_force(now()).acknowledgement_working_days


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/start.html", {"acknowledgement_days": _acknowledgement_days()})



@never_cache
@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None, initial={"way": request.GET.get("way", "")})
    status = 200
    if request.method == "POST":
        at = now()
        if not allow_report(client_ip(request), now=at):
            form.add_error(None, _("Too many reports have been sent from here. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            receipt = do_submit_report(form.to_input(language=get_language() or "en"), at=at)
            request.session.cycle_key()
            request.session[RECEIPT] = {"number": receipt.number, "key": receipt.key, "way": receipt.report.way}
            return redirect("intake:report_sent")
        else:
            status = 400
    return render(request, "intake/report_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def report_sent(request: HttpRequest) -> HttpResponse:
    """The number and key, shown once: taken out of the session as the page is drawn."""
    receipt = request.session.pop(RECEIPT, None)
    if receipt is None:
        return redirect("intake:start")
    context = {
        "receipt": receipt,
        "named": receipt["way"] == ReportWay.NAMED,
        "acknowledgement_days": _acknowledgement_days(),
    }
    return render(request, "intake/report_sent.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        at = now()
        number, key = form.cleaned_data["number"], form.cleaned_data["key"]
        if not allow_lookup(client_ip(request), number, now=at):
            form.add_error(None, _("Too many tries. Please wait an hour and try again."))
            status = 429
        else:
            report = find_report(number, key)
            if report is not None:
                request.session.cycle_key()
                request.session[REPORT] = report.pk
                return redirect("intake:status")
            form.add_error(None, _("The report number or the key is not right. Check both and try again."))
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "intake/lookup.html", {"form": form}, status=status)


def _session_report(request: HttpRequest) -> IntakeReport | None:
    report_id = request.session.get(REPORT)
    if not isinstance(report_id, int):
        return None
    return IntakeReport.objects.filter(pk=report_id).first()


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    report = _session_report(request)
    if report is None:
        return redirect("intake:lookup")
    message_form = MessageForm()
    contact_form = ContactChoiceForm()
    result = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leave":
            request.session.pop(REPORT, None)
            return redirect("intake:start")
        if action == "message":
            message_form = MessageForm(request.POST)
            if message_form.is_valid() and report.status != ReportStatus.CLOSED:
                do_reporter_message(report, text=message_form.cleaned_data["text"], at=now())
                messages.success(request, _("Your message was sent."))
                return redirect("intake:status")
        elif action == "contact":
            contact_form = ContactChoiceForm(request.POST)
            if contact_form.is_valid():
                data = contact_form.cleaned_data
                if data["willing"] and not data["details"].strip():
                    contact_form.add_error("details", _("Say how we may contact you."))
                else:
                    do_record_contact_choice(report, willing=data["willing"], details=data["details"], at=now())
                    messages.success(request, _("Thank you. Your choice was saved."))
                    return redirect("intake:status")
        result = 400
    context = {"view": reporter_view(report), "message_form": message_form, "contact_form": contact_form}
    return render(request, "intake/status.html", context, status=result)
