import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from audit.reads import API_ACCESS, record_denied
from casemgr import clock
from cases.models import Case


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn a domain ValidationError into a 400 that names the field, like a serializer error."""
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated):
        _record_refusal(context)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


def _record_refusal(context: dict[str, Any]) -> None:
    """An API refusal (403) of a signed-in user is on the audit trail. Anonymous requests are not
    recorded: they carry no one to hold to account, and anyone could fill the trail with them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    view = context.get("view")
    detail = {"view": type(view).__name__ if view is not None else "", "method": getattr(request, "method", "")}
    case_pk = None
    requested = (context.get("kwargs") or {}).get("case_id")
    if isinstance(requested, uuid.UUID):
        # The case asked for, so that its access report shows the refused attempt.
        detail["requested"] = str(requested)
        case_pk = Case.objects.filter(public_id=requested).values_list("pk", flat=True).first()
    record_denied(API_ACCESS, actor=user, at=clock.now(), case_id=case_pk, detail=detail)
