"""Errors that every app raises from its `api.py`; the web pages and the REST API translate them.

Business rules raise Django's ValidationError (field → messages) for bad input or a broken rule,
and PermissionDenied when the actor may not act. This module adds the one case Django lacks.
"""

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """An illegal state transition: the message names the current state."""

    def __init__(self, message: str):
        super().__init__({"state": [message]})
