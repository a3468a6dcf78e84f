"""The pages where program admins read and rewrite the messages the program sends: the list, and
one message in one language with its placeholders, a live preview for the sample nomination, its
versions and a reset to the program's default."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import api
from .forms import MessageTextForm


def _require_editor(request) -> None:
    if not api.may_edit_messages(request.user):
        raise PermissionDenied(_("Only program admins edit the program's messages."))


def _message_and_language(name: str, language: str):
    languages = dict(settings.LANGUAGES)
    try:
        message = api.message(name)
    except LookupError:
        raise Http404(_("No such message.")) from None
    if language not in languages:
        raise Http404(_("No such language."))
    return message, languages[language]


def _crumbs(*more) -> list:
    return [(_("Home"), reverse("web:home")), (_("E-mails"), reverse("notifications:messages")), *more]


@login_required
def message_list(request):
    _require_editor(request)
    newest = api.newest_of_all()
    rows = [
        {
            "message": message,
            "languages": [
                {
                    "code": code,
                    "name": name,
                    "newest": (text := newest.get((message.name, code))),
                    "invalid": bool(api.written_problems(message.name, text)),
                }
                for code, name in settings.LANGUAGES
            ],
        }
        for message in api.declared()
    ]
    return render(
        request,
        "notifications/messages.html",
        {"rows": rows, "breadcrumbs": [(_("Home"), reverse("web:home")), (_("E-mails"), "")]},
    )


def _preview_in(language: str, name: str, subject: str, body: str):
    with translation.override(language):
        return api.preview(name, subject, body)


@login_required
def message_edit(request, name: str, language: str):
    """Write a message's text in one language: save a version, or read the preview first."""
    _require_editor(request)
    message, language_name = _message_and_language(name, language)
    if request.method == "POST":
        form = MessageTextForm(request.POST)
        if form.is_valid() and "preview" not in request.POST:
            before = api.newest(name, language)
            try:
                saved = api.save_text(actor=request.user, name=name, language=language, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if before is not None and saved.pk == before.pk:
                    messages.info(
                        request,
                        _("Nothing changed: version %(version)d is this text.") % {"version": saved.version},
                    )
                else:
                    messages.success(request, _("Saved as version %(version)d.") % {"version": saved.version})
                return redirect("notifications:message", name=name, language=language)
    else:
        form = MessageTextForm(initial=_initial(request, name, language))
    subject, body = form["subject"].value() or "", form["body"].value() or ""
    email, problems = _preview_in(language, name, subject, body)
    latest = api.newest(name, language)
    return render(
        request,
        "notifications/message.html",
        {
            "message": message,
            "language": language,
            "language_name": language_name,
            "form": form,
            "email": email,
            "problems": problems,
            "latest": latest,
            "written": latest is not None and not latest.is_default,
            "written_problems": api.written_problems(name, latest),
            "versions": api.versions(name, language),
            "languages": settings.LANGUAGES,
            "breadcrumbs": _crumbs((f"{message.title} · {language_name}", "")),
        },
    )


def _initial(request, name: str, language: str) -> dict:
    """The text to start from: a version asked for by `?version=`, else the one sent now."""
    number = request.GET.get("version", "")
    if number.isdigit():
        chosen = api.version(name, language, int(number))
        if chosen is None or chosen.is_default:
            raise Http404(_("No such version."))
        return {"subject": chosen.subject, "body": chosen.body}
    subject, body = api.text_in(name, language)
    return {"subject": subject, "body": body}


@login_required
@require_POST
def message_preview(request, name: str, language: str):
    """The live preview (htmx): the e-mail the form's text gives for the sample nomination."""
    _require_editor(request)
    _message_and_language(name, language)
    email, problems = _preview_in(
        language, name, request.POST.get("subject", ""), request.POST.get("body", "")
    )
    return render(
        request, "notifications/_preview.html", {"email": email, "problems": problems, "language": language}
    )


@login_required
@require_POST
def message_reset(request, name: str, language: str):
    _require_editor(request)
    _message_and_language(name, language)
    before = api.newest(name, language)
    after = api.reset_text(actor=request.user, name=name, language=language)
    if after is None or (before is not None and after.pk == before.pk):
        messages.info(request, _("This message already uses the program’s default text."))
    else:
        messages.success(request, _("The program’s default text is sent again."))
    return redirect("notifications:message", name=name, language=language)
