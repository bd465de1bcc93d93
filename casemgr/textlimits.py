"""How long each kind of free text may be, the same in forms, the API and the cases file.

The columns are unlimited text, so without these a pasted megabyte was stored, and then shown on every
case page and exported. The limits are far above anything written by hand (20,000 characters is about
eight pages); README "Limits" lists them.
"""

from __future__ import annotations

# A person's or a staff member's name (accounts.User.display_name, a tutor's name).
NAME_MAX_LENGTH = 200
# A reason or short account: why a stage changed, the reasons of a decision on a request or measure,
# what was asked, how a measure was put in place, why it was lifted, why an investigation is paused.
REASON_MAX_LENGTH = 5_000
# A longer text: a complaint's summary, an allegation's details, an entry on the timeline (note,
# meeting, message), the reasons of an outcome, the grounds of an appeal.
NOTE_MAX_LENGTH = 20_000

# Identifiers and short fields, as long as their columns.
USERNAME_MAX_LENGTH = 150  # accounts.User.username: a staff username or a person's institutional id
EMAIL_MAX_LENGTH = 254  # accounts.User.email
PERSON_KIND_MAX_LENGTH = 40  # accounts.User.person_kind
REFERENCE_MAX_LENGTH = 64  # cases.Case.reference
MEASURE_CODE_MAX_LENGTH = 40  # accommodations.Measure.code
COURSES_MAX_LENGTH = 200  # cases.Sanction.courses
