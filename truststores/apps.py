from django.apps import AppConfig


class TruststoresConfig(AppConfig):
    name = "truststores"
    verbose_name = "Trust stores"
