from cases.models.case import Case, CaseAssignment
from cases.models.events import CaseEvent, EventType
from cases.models.outcome import Appeal, Outcome, Sanction, SanctionType
from cases.models.parties import Allegation, Conduct, Party, PartyRole
from cases.models.proceedings import CasePause, ExternalProceeding
from cases.models.requests import ComplainantRequest, RequestDecision

__all__ = [
    "Allegation",
    "Appeal",
    "Case",
    "CaseAssignment",
    "CaseEvent",
    "CasePause",
    "ComplainantRequest",
    "Conduct",
    "EventType",
    "ExternalProceeding",
    "Outcome",
    "Party",
    "PartyRole",
    "RequestDecision",
    "Sanction",
    "SanctionType",
]
