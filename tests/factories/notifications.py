"""The texts admins write for the e-mails."""

import factory


class MessageTextFactory(factory.django.DjangoModelFactory):
    """A first English version of the submitted nomination's e-mail."""

    class Meta:
        model = "notifications.MessageText"

    message = "nomination_submitted"
    language = "en"
    version = 1
    subject = "Nomination received"
    body = "Thank you: the nomination is in."
