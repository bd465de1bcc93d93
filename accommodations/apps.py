from django.apps import AppConfig


class AccommodationsConfig(AppConfig):
    name = "accommodations"
    verbose_name = "Interim measures"
