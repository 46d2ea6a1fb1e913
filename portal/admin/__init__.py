"""The curators' admin, one module per screen; importing the package registers them all."""

from portal.admin import articles, entities, jobs, outlets, quotes, sources, tags, upload  # noqa: F401
