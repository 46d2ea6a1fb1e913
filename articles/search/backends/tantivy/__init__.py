"""The tantivy index behind the search backend: its schema, documents built from the stored
vectors, the translation of selections into tantivy queries, where the index lives and how it is
written (``store``), and the backend itself (``backend``). See docs/search-engine.md."""
