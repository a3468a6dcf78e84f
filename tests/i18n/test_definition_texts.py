"""The program definition's texts are in the catalogs (issue 17): `distinguished definition-messages`
writes them where `make messages` finds them, and pages show them in the language being read."""

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from distinguished.program.definition_texts import MODULE, messages_module, texts_of


def test_the_generated_module_holds_the_shipped_definitions_texts():
    assert MODULE.read_text(encoding="utf-8") == messages_module(settings.PROGRAM_DEFINITION_FILE), (
        "program/definition_messages.py is out of date: run `make messages`"
    )


def test_texts_people_read_are_collected_and_codes_are_not():
    data = {
        "program": {"slug": "p", "name": "A program", "objectives": ["First", "Second"], "version": "1"},
        "tracks": [
            {
                "code": "engineer",
                "name": "Distinguished Engineer",
                "key_results": [{"code": "k", "label": "PRs", "target": 6}],
            }
        ],
        "cycles": [{"slug": "2025", "name": "2025 cohort"}],
    }
    assert texts_of(data) == [
        ("program.name", "A program"),
        ("program.objectives[0]", "First"),
        ("program.objectives[1]", "Second"),
        ("tracks[engineer].name", "Distinguished Engineer"),
        ("tracks[engineer].key_results[k].label", "PRs"),
    ]


def test_a_definition_text_is_shown_in_the_language_read():
    template = Template(
        "{% load program_texts %}{{ name|in_language }}|{{ other|in_language }}|{{ none|in_language }}"
    )
    context = Context({"name": "Distinguished Engineer", "other": "A text of another program", "none": None})
    with translation.override("en"):
        assert template.render(context) == "Distinguished Engineer|A text of another program|"
    with translation.override("fr"):
        french, other, _ = template.render(context).split("|")
    assert french and french != "Distinguished Engineer"
    assert other == "A text of another program"
