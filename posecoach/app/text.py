"""User-controlled text (file names) inside Streamlit markdown."""

from __future__ import annotations

import re


def literal(text: str) -> str:
    """``text`` as an inline code span: markdown, links, colours, icons and LaTeX inside it stay plain text."""
    text = " ".join(text.split()) or " "
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
