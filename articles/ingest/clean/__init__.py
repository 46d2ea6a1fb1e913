"""Shared text cleaning for the parsers: pure string work, reusable by any format parser and
tested without Django. One module per concern, lowest first:

* ``text``: whitespace and lines (``normalize_space``, ``normalize_lines``, ``dedupe``);
* ``patterns``: what a reporter name, title and e-mail look like (shared regex fragments);
* ``boilerplate``: copyright, menus, pagers, widgets, photo captions (``clean_lines``);
* ``bylines``: bylines, reporters, sign-offs and outlet names;
* ``dates``: publication dates and datelines, in Seoul time;
* ``markup``: HTML to one string per block.

Parsers import from the module that owns a helper; this package re-exports nothing.
"""
