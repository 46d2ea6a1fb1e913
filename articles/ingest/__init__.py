"""Files to parsed articles, pure: decoding, format detection, parsers and text cleaning (no Django, no Kiwi)."""
