"""`{{ track.name|in_language }}`: a program definition's text in the language being read
(program/definition_texts.py)."""

from django import template

from ..definition_texts import in_language as _in_language

register = template.Library()


@register.filter
def in_language(text):
    return _in_language(text)
