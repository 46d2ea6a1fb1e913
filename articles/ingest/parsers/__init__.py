"""One module per source format; each has ``FORMAT``, ``detect(text, *, name)`` and ``parse(text, *, name)``."""
