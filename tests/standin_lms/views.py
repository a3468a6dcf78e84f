"""The stand-in LMS's endpoints beyond django-oauth-toolkit's own authorization page."""

import hashlib
import json

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_access_token_model
from oauth2_provider.views import TokenView

from . import tokens


def _key():
    return tokens.private_key(settings.JWT_PRIVATE_KEY_FILE)


@method_decorator(csrf_exempt, name="dispatch")
class AccessTokenView(TokenView):
    """DOT's token endpoint; with `token_type=jwt` (as EdXOAuth2 asks), the access token is a JWT
    about the token's user, as the LMS answers."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code != 200 or request.POST.get("token_type", "").lower() != "jwt":
            return response
        body = json.loads(response.content)
        checksum = hashlib.sha256(body["access_token"].encode()).hexdigest()
        token = get_access_token_model().objects.select_related("user").get(token_checksum=checksum)
        scopes = body.get("scope", "").split()
        claims = tokens.claims_for(
            token.user,
            issuer=settings.JWT_ISSUER,
            audience=settings.JWT_AUDIENCE,
            scopes=scopes,
            expires_in=settings.JWT_EXPIRE_SECONDS,
        )
        body.update(
            {
                "access_token": tokens.sign(claims, _key()),
                "token_type": "JWT",
                "expires_in": settings.JWT_EXPIRE_SECONDS,
            }
        )
        return JsonResponse(body)


def jwks(request):
    return HttpResponse(tokens.public_jwk_set(_key()), content_type="application/json")


def _user_of(request):
    """The user of `Authorization: JWT <token>` (a JWT this stand-in signed), or None."""
    prefix, _, token = request.headers.get("Authorization", "").partition(" ")
    if prefix.lower() != "jwt" or not token:
        return None
    try:
        claims = jwt.decode(
            token,
            _key().public_key(),
            algorithms=["RS512"],
            audience=settings.JWT_AUDIENCE,
            issuer=settings.JWT_ISSUER,
        )
    except jwt.InvalidTokenError:
        return None
    return get_user_model().objects.filter(username=claims["preferred_username"]).first()


def _unauthenticated():
    return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)


def me(request):
    """The LMS's OwnUsernameView."""
    user = _user_of(request)
    if user is None:
        return _unauthenticated()
    return JsonResponse({"username": user.username})


def account(request, username):
    """The LMS's account API, as its owner reads it (AccountLegacyProfileSerializer and
    UserReadOnlySerializer's fields; the profile's are empty here)."""
    user = _user_of(request)
    if user is None:
        return _unauthenticated()
    if user.username != username:
        return JsonResponse({"detail": "Not found."}, status=404)
    return JsonResponse(
        {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "id": user.pk,
            "is_active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "bio": None,
            "country": None,
            "profile_image": {"has_image": False},
            "year_of_birth": None,
            "level_of_education": None,
            "goals": None,
            "language_proficiencies": [],
            "gender": None,
            "mailing_address": None,
            "requires_parental_consent": False,
            "secondary_email": None,
            "time_zone": None,
            "account_privacy": "private",
            "social_links": [],
            "extended_profile": [],
            "pending_name_change": None,
            "accomplishments_shared": False,
        }
    )
