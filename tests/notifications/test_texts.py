"""Texts in Markdown with named placeholders: what is refused (each unknown placeholder by its
name), how they are filled, and that every declared message's own text passes in every language."""

import pytest
from django.conf import settings
from django.utils import translation

from distinguished.notifications import api
from distinguished.notifications.texts import fill, problems, render

GREETING = api.Message(
    name="test_greeting",
    title="Greeting",
    sent="In tests only.",
    subject="Hello {person}",
    body="Hello {person},\n\nNow granted: {granted}\n\n{link}\n",
    placeholders=(
        api.Placeholder("person", "A name", "Amira", lambda c: c["person"]),
        api.Placeholder("granted", "Roles granted", "", lambda c: c.get("granted", "")),
        api.Placeholder("link", "A page", "https://x.test/p/", lambda c: c["link"], link=True),
    ),
)


def values(**given):
    return {"person": "Amira", "granted": "", "link": "https://x.test/p/", **given}


def test_an_unknown_placeholder_is_refused_by_name_with_those_offered():
    found = problems(GREETING, "Hi {persn}", "Hello {person} {nominee}")
    assert found["subject"] == [
        "Unknown placeholder {persn}. This message offers: {person}, {granted}, {link}."
    ]
    assert found["body"] == [
        "Unknown placeholder {nominee}. This message offers: {person}, {granted}, {link}."
    ]


@pytest.mark.parametrize("written", ["{person.email}", "{person!r}", "{person:>20}", "{}", "{0}"])
def test_attribute_conversion_format_and_positional_placeholders_are_refused(written):
    found = problems(GREETING, "Hello", f"Hi {written}")
    assert [message for message in found["body"] if message.startswith("Unknown placeholder {")], found


@pytest.mark.parametrize("body", ["Hi {person", "Hi person}", "Hi {{person}"])
def test_a_brace_left_open_or_alone_is_refused(body):
    assert "A brace is left open or closed alone" in problems(GREETING, "Hello", body)["body"][0]


def test_empty_fields_a_subject_of_two_lines_or_too_long_are_refused():
    assert problems(GREETING, " ", "\n")["subject"] == ["Empty: write the text to send."]
    assert problems(GREETING, " ", "\n")["body"] == ["Empty: write the text to send."]
    assert "A subject is one line." in problems(GREETING, "Hello\nthere", "Hi")["subject"]
    assert any("at most 200" in m for m in problems(GREETING, "x" * 201, "Hi")["subject"])


def test_doubled_braces_are_braces_and_a_valid_text_has_no_problems():
    assert problems(GREETING, "Hello {{team}}", "Hi {person}, {{literally}}") == {}
    assert fill("Hi {person}, {{literally}}", values()) == "Hi Amira, {literally}\n"


def test_a_line_whose_placeholders_are_all_empty_is_left_out():
    body = "Hello {person},\n\nNow granted: {granted}\n\nBye"
    assert fill(body, values()) == "Hello Amira,\n\nBye\n"
    assert fill(body, values(granted="Chair")) == "Hello Amira,\n\nNow granted: Chair\n\nBye\n"


def test_the_html_part_escapes_what_people_typed_and_links_the_addresses():
    email = render(
        GREETING,
        "Hello {person}",
        "Hello **{person}**,\n\n{link}\n\n[the page]({link})",
        values(person="*Ana* <b>[x](y)"),
    )
    assert email["subject"] == "Hello *Ana* <b>[x](y)"
    assert email["text"].startswith("Hello ***Ana* <b>[x](y)**,")
    assert "<strong>*Ana* &lt;b&gt;[x](y)</strong>" in email["html"]
    assert '<a href="https://x.test/p/"' in email["html"]
    assert ">the page</a>" in email["html"]
    assert "<b>" not in email["html"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_message_declared_has_a_valid_text_and_sample_in_every_language(language):
    assert len(api.declared()) >= 1
    for message in api.declared():
        with translation.override(language):
            subject, body = api.default_text(message.name)
            email, found = api.preview(message.name, subject, body)
        assert found == {}, (message.name, language, found)
        assert email["subject"] and email["text"] and email["html"], message.name
        assert "{" not in email["subject"], (message.name, email["subject"])
