"""Make data-derived text inert before it reaches Markdown or HTML."""

from __future__ import annotations

import re
from html import escape as html_escape

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms Streamlit's own extensions (:colour[...], :emoji:, $latex$) and raw HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@/?;,])")


# GitHub-flavoured Markdown turns bare "http://…", "www.…" and "name@host" into links after escapes are
# resolved, so escaping cannot stop it; an invisible word joiner (U+2060) inside each pattern does.
_AUTOLINK_STARTS = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Text that st.markdown shows literally, whatever it contains: no markup, no HTML, no links."""
    flat = " ".join(str(text).split())  # newlines would start new Markdown blocks
    unlinked = _AUTOLINK_STARTS.sub(lambda m: (m.group(1) or "") + WORD_JOINER, flat)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def html_text(text: object) -> str:
    """Text safe to place inside HTML elements and attributes."""
    return html_escape(str(text), quote=True)
