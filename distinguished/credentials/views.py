"""Public pages and documents of the credentials: the issuer Profile, achievements, status lists,
each credential (JSON for programs, a page for people), its baked SVG and PNG badges and JSON
download, and the verify page."""

import datetime as dt
import json

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from distinguished.core.forms import add_errors

from . import api

HOME = (gettext_lazy("Home"), "/")
JSON_LD = "application/ld+json"


def _json(
    document: dict, *, content_type: str = JSON_LD, status: int = 200, filename: str = ""
) -> HttpResponse:
    response = JsonResponse(
        document, content_type=content_type, status=status, json_dumps_params={"indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers on other sites read these documents
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unavailable(detail: str) -> HttpResponse:
    return _json(
        {"detail": detail},
        content_type="application/json",
        status=503,
    )


def _not_signed(item) -> HttpResponse:
    """A credential not signed yet: 503 with what it waits for, `status` "signing" (its task takes
    seconds: Retry-After says when to ask again) or "waiting_for_key"."""
    state = api.signing_state(item)
    if state == "signing":
        detail = _("This credential is being signed: ask again in a few seconds.")
    else:
        detail = _("This credential is waiting to be signed: the issuer key is not configured yet.")
    response = _json({"detail": detail, "status": state}, content_type="application/json", status=503)
    if state == "signing":
        response["Retry-After"] = "2"
    return response


def _image(content, content_type: str, *, filename: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _svg(text: str, *, filename: str = "") -> HttpResponse:
    return _image(text, "image/svg+xml; charset=utf-8", filename=filename)


@require_GET
def issuer(request):
    """The issuer Profile: the credentials' `issuer.id`, with every key it ever signed with."""
    return _json(api.issuer_profile())


@require_GET
def issuer_image(request):
    return _svg(api.issuer_image_svg())


@require_GET
def achievement(request, track_code: str):
    try:
        return _json(api.achievement_document(track_code))
    except ObjectDoesNotExist:
        raise Http404(_("No such track.")) from None


@require_GET
def achievement_image(request, track_code: str):
    try:
        return _svg(api.track_badge_svg(track_code))
    except ObjectDoesNotExist:
        raise Http404(_("No such track.")) from None


@require_GET
def status_list(request, status_list_id: int):
    """The BitstringStatusListCredential that says which credentials are revoked."""
    try:
        document = api.status_list_document(status_list_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such status list.")) from None
    if document is None:
        return _unavailable(
            _("This status list is waiting to be signed: the issuer key is not configured yet.")
        )
    response = _json(document)
    response["Cache-Control"] = "max-age=300"
    return response


def _credential_or_404(uuid):
    try:
        return api.get_credential(uuid)
    except ObjectDoesNotExist:
        raise Http404(_("No such credential.")) from None


def _wants_html(request) -> bool:
    """A browser asks for text/html first; programs ask for JSON (or anything)."""
    accept = request.headers.get("Accept", "")
    html = accept.find("text/html")
    if html < 0:
        return False
    json_at = min(
        (i for i in (accept.find("application/ld+json"), accept.find("application/json")) if i >= 0),
        default=-1,
    )
    return json_at < 0 or html < json_at


@require_GET
def credential(request, uuid):
    """The credential at its id: the signed JSON, or for a person a page that shows and checks it
    (and says "being signed", asking again every 2 s, for the seconds its task takes)."""
    item = _credential_or_404(uuid)
    if not _wants_html(request) and not request.headers.get("HX-Request"):
        if not item.signed:
            return _not_signed(item)
        response = _json(item.document)
        response["Vary"] = "Accept, HX-Request"
        return response
    contributor = item.membership.contributor
    context = {
        "item": item,
        "membership": item.membership,
        "holder": contributor.name if contributor.listed_publicly else "",
        "state": api.signing_state(item),
        # Every 2 s for the seconds a task takes; a credential still unsigned after a minute (its
        # task was lost: beat's sign_pending signs it within ten) is asked for every 30 s.
        "poll_seconds": 2 if timezone.now() - item.issued < dt.timedelta(minutes=1) else 30,
        "verification": api.verify(item.document) if item.signed else None,
        "links": api.credential_links(item) if item.signed else None,
        "pretty": pretty(item.document) if item.signed else "",
        "breadcrumbs": [HOME, (_("Credential"), "")],
    }
    # The page's own polling while the credential is being signed asks for its body only.
    partial = bool(request.headers.get("HX-Request"))
    template = "credentials/_credential_body.html" if partial else "credentials/credential.html"
    response = render(request, template, context)
    response["Vary"] = "Accept, HX-Request"
    return response


def _filename(item, extension: str) -> str:
    return f"{item.membership.track.code}-credential-{str(item.uuid)[:8]}.{extension}"


@require_GET
def badge(request, uuid):
    """The track's SVG badge with the credential baked in."""
    item = _credential_or_404(uuid)
    if not item.signed:
        return _not_signed(item)
    return _svg(api.baked_svg(item), filename=_filename(item, "svg") if "download" in request.GET else "")


@require_GET
def badge_png(request, uuid):
    """The track's PNG badge with the credential baked in."""
    item = _credential_or_404(uuid)
    if not item.signed:
        return _not_signed(item)
    filename = _filename(item, "png") if "download" in request.GET else ""
    return _image(api.baked_png(item), "image/png", filename=filename)


@require_GET
def download(request, uuid):
    item = _credential_or_404(uuid)
    if not item.signed:
        return _not_signed(item)
    return _json(item.document, content_type="application/json", filename=_filename(item, "json"))


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=gettext_lazy("Credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "autocomplete": "off"}),
        help_text=gettext_lazy("Paste the credential as JSON, as it was downloaded or shared."),
    )
    file = forms.FileField(
        label=gettext_lazy("…or upload its file"),
        required=False,
        help_text=gettext_lazy(
            "The credential's .json file or its badge (.png or .svg, with the credential baked in)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.png,.svg,application/json,image/png,image/svg+xml"}
        ),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        data["content_type"], data["filename"] = "", ""
        if upload is not None:
            try:
                data["raw"] = api.read_upload(upload)
            except ValidationError as error:
                add_errors(self, error)
            data["content_type"], data["filename"] = upload.content_type or "", upload.name or ""
        elif (data.get("credential") or "").strip():
            data["raw"] = data["credential"]
        else:
            raise ValidationError(
                _("Paste a credential, or upload its .json file or its baked .svg/.png badge.")
            )
        return data


@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone checks a credential: pasted, or uploaded as JSON or as a baked SVG or PNG badge."""
    form = VerifyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    verification = None
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            document = api.read_submission(
                data["raw"], content_type=data["content_type"], filename=data["filename"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            verification = api.verify(document)
    return render(
        request,
        "credentials/verify.html",
        {
            "form": form,
            "verification": verification,
            "breadcrumbs": [HOME, (_("Verify a credential"), "")],
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def pretty(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)
