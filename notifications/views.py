"""A person's own notifications: the list with unread ones marked, marking read, the digest choice."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from casemgr.clock import now
from notifications.actions import do_mark_all_read, do_mark_read, do_set_daily_digest
from notifications.emails import entry
from notifications.selectors import notifications_for, preference_of, unread_count

PAGE_SIZE = 50


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        required=False, label=gettext_lazy("Send me one daily digest instead of separate emails")
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    return user


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(notifications_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [entry(n) for n in page]
    context = {"page": page, "entries": entries, "unread": unread_count(user)}
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_GET
def unread(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"unread": unread_count(_user(request))})


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    if not do_mark_read(_user(request), notification_id=notification_id, at=now()):
        raise Http404
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_all_read(_user(request), at=now())
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = request.POST if request.method == "POST" else None
    form = DigestForm(data, initial={"daily_digest": preference_of(user).daily_digest})
    if data is not None and form.is_valid():
        do_set_daily_digest(user, daily_digest=form.cleaned_data["daily_digest"], at=now())
        messages.success(request, _("Your email preference is saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
