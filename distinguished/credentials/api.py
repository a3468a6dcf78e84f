"""Open Badges 3.0 credentials of memberships: issuing, signing, verifying, revoking."""
