"""Make data-derived text inert before it reaches Markdown or HTML."""

from __future__ import annotations

import re
from html import escape as html_escape

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms Streamlit's own extensions (:colour[...], :emoji:, $latex$) and raw HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@/?;,])")


def md_escape(text: object) -> str:
    """Text that st.markdown shows literally, whatever it contains."""
    flat = " ".join(str(text).split())  # newlines would start new Markdown blocks
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def html_text(text: object) -> str:
    """Text safe to place inside HTML elements and attributes."""
    return html_escape(str(text), quote=True)
