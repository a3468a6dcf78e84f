from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "distinguished.people"
    label = "people"
    verbose_name = "People and roles"
