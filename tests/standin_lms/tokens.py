"""The stand-in LMS's JWTs: the claims the LMS puts in a JWT access token (the `profile`, `email`
and `user_id` scopes), signed RS512 with its private key, as the LMS's oauth2_dispatch does."""

import json
import time
from functools import cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from jwt.algorithms import RSAAlgorithm

KEY_ID = "standin-lms-key"


@cache
def private_key(path: str):
    return serialization.load_pem_private_key(Path(path).read_bytes(), password=None)


def public_jwk_set(key) -> str:
    """The LMS's JWT_PUBLIC_SIGNING_JWK_SET: a JSON Web Key Set of the public key."""
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": KEY_ID, "use": "sig", "alg": "RS512"})
    return json.dumps({"keys": [jwk]})


def claims_for(user, *, issuer: str, audience: str, scopes=("user_id", "profile", "email"), expires_in=3600):
    now = int(time.time())
    claims = {
        "aud": audience,
        "exp": now + expires_in,
        "grant_type": "authorization-code",
        "iat": now,
        "iss": issuer,
        "preferred_username": user.username,
        "scopes": list(scopes),
        "version": "1.2.0",
        "sub": f"anon-{user.pk:08d}",
        "filters": [],
        "is_restricted": False,
        # The LMS: an account is active once its owner has followed the link sent to their e-mail.
        "email_verified": user.is_active,
    }
    if "user_id" in scopes:
        claims["user_id"] = user.pk
    if "email" in scopes:
        claims["email"] = user.email
    if "profile" in scopes:
        claims.update(
            {
                "name": user.get_full_name(),
                "family_name": user.last_name,
                "given_name": user.first_name,
                "administrator": user.is_staff,
                "superuser": user.is_superuser,
            }
        )
    return claims


def sign(claims: dict, key, algorithm: str = "RS512") -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": KEY_ID})
