"""Regular-expression fragments for reporters, shared by the boilerplate and byline rules.

A sign-off line ("홍길동 기자 hong@example.com") is boilerplate to drop from a body and a byline to
read reporters from; both rules must agree on what a name, a title and an e-mail look like.
"""

from __future__ import annotations

# An address as written in a sign-off; loose on purpose, it only has to end a line.
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# Korean personal names are two to four syllables.
NAME = r"[가-힣]{2,4}"
# "기자" or "특파원", optionally with a rank (선임, 수석, ...), after the name.
TITLE_WORDS = r"(?:(?:선임|수석|전문|객원|인턴|수습)\s*)?(?:기자|특파원)"
# Co-authors: "홍길동·김철수 기자".
NAMES = rf"{NAME}(?:\s*[·,ㆍ]\s*{NAME})*"
