from django.apps import AppConfig
from django.core import checks


class PortalConfig(AppConfig):
    """The public site, the JSON API and the curators' admin: the layer on top of the archive."""

    name = "portal"
    verbose_name = "포털"

    def ready(self) -> None:
        from portal.ops.ratelimit.limits import check_limits

        checks.register(check_limits)
