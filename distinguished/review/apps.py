from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "distinguished.review"
    label = "review"
    verbose_name = "Review panel"
