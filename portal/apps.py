from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public site, the JSON API and the curators' admin: the layer on top of the archive."""

    name = "portal"
    verbose_name = "포털"
