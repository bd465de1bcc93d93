"""Fetching what an API request names, always through the case the user was authorised for.

A nested object (party, request, outcome...) is looked up inside its case only after the case passed
`access_case`, so an id from another case answers the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

from accounts.models import User
from audit.reads import record_case_view
from casemgr import clock
from cases.access import VIEW, access_case
from cases.models import Case

M = TypeVar("M", bound=Model)


def case_for(request: Request, case_id: Any, *, permission: str = VIEW) -> Case:
    """The case `case_id` if the requesting user holds `permission` on it; raises a 404 otherwise."""
    return access_case(request.user, case_id, permission=permission)


def case_shown(request: Request, case_id: Any, *, page: str) -> Case:
    """`case_for` with VIEW for an endpoint that shows the case's data: the look is audited as `page`."""
    case = access_case(request.user, case_id, permission=VIEW)
    record_case_view(request.user, case_id=case.pk, page=page, at=clock.now())
    return case


def acting_user(request: Request) -> User:
    """The signed-in user; the default permission class has already refused anonymous requests."""
    user = request.user
    assert isinstance(user, User)
    return user


def within(queryset: QuerySet[M], pk: int) -> M:
    """The row `pk` of `queryset` (already scoped to an authorised case); raises a bare 404 otherwise."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def field_within(queryset: QuerySet[M], pk: int, *, field: str) -> M:
    """Like `within` for an id given in the request body: a 400 naming `field` instead of a 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("There is no such record on this case.")]})
    return found


def user_named(username: str, *, field: str) -> User:
    """The account with `username`; raises a 400 naming `field` when there is none."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationError({field: [_("There is no person with id %(id)s.") % {"id": username}]})
    return user
