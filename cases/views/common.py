"""What every officer action page does: validate, call one action, redirect with a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import User
from cases.models import Case
from cases.pages import outcome_marker


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; only called behind login_required."""
    user = request.user
    assert isinstance(user, User)
    return user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, as for a confirmation), None for a GET."""
    return request.POST if request.method == "POST" else None


def add_action_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the fields it names; other names become form-wide errors."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def case_url(case: Case) -> str:
    return reverse("office:case_detail", kwargs={"public_id": case.public_id})


def render_case_form(
    request: HttpRequest,
    *,
    case: Case,
    title: str,
    form: forms.BaseForm,
    template: str = "cases/action_form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {"case": case, "title": title, "form": form, "marker": outcome_marker(case), **(extra or {})}
    return render(request, template, context)


def run_case_action(
    request: HttpRequest,
    *,
    case: Case,
    form: forms.BaseForm,
    action: Callable[[], object],
    title: str,
    success: str,
    template: str = "cases/action_form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """On a valid POST run `action` (one do_* call) and go back to the case; otherwise show the form.

    A ValidationError from the action is shown on the form; the action's transaction has rolled back.
    """
    if request.method == "POST" and form.is_valid():
        try:
            action()
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(case_url(case))
    return render_case_form(request, case=case, title=title, form=form, template=template, extra=extra)
