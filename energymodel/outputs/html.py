"""``report.html``: the report's blocks as one self-contained page. plotly.js is embedded inline, so the page
opens offline and fetches nothing at view time. Importing this module needs plotly (the ``report`` extra)."""
from __future__ import annotations

import html
import re

import plotly  # noqa: F401  (fail early, at import, when the extra is missing)

from energymodel.outputs import format as fmt
from energymodel.outputs import interactive

STYLE = """
body { font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #eee; }
td { text-align: right; font-variant-numeric: tabular-nums; } th, td:first-child { text-align: left; }
thead th { text-align: right; } thead th:first-child { text-align: left; }
.caption { color: #555; font-size: 0.9em; margin: 0.2em 0 1.4em; }
code { background: #f4f4f4; padding: 0 0.2em; }
"""


def inline(text: str) -> str:
    """Escape, then render ``**bold**``, ``*italic*`` and backticked code."""
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*(?!\*)", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def _text(lines: list[str]) -> list[str]:
    """The report's Markdown subset: headings, numbered and bulleted lists, paragraphs."""
    out, open_list = [], None
    for line in lines + [""]:
        kind = "ol" if re.match(r"^\d+\. ", line) else "ul" if line.startswith("- ") else None
        if open_list and kind != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if kind:
            if not open_list:
                out.append(f"<{kind}>")
                open_list = kind
            item = re.sub(r"^(\d+\. |- )", "", line)
            out.append(f"<li>{inline(item)}</li>")
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{inline(line[level:].strip())}</h{level}>")
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
    return out


def render(items: list, title: str, divs: dict[str, str] | None = None) -> str:
    """The page for a list of report blocks (see :func:`energymodel.outputs.report.blocks`); ``divs``: the
    ``<div>`` of charts drawn already (:func:`energymodel.outputs.interactive.to_div`), by chart name."""
    divs = divs or {}
    from energymodel.outputs.report import Chart, Table

    body, pending = [], []
    for item in items:
        if isinstance(item, str):
            pending.append(item)
            continue
        body += _text(pending)
        pending = []
        if isinstance(item, Table):
            if item.caption:
                body.append(f'<p class="caption">{inline(item.caption)}</p>')
            body.append(fmt.html_table(item.frame))
        elif isinstance(item, Chart):
            body.append(divs.get(item.name) or interactive.to_div(item.html()))
            body.append(f'<p class="caption">{inline(item.caption)}</p>')
    body += _text(pending)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}: energymodel report</title><style>{STYLE}</style>"
            f"<script type=\"text/javascript\">{interactive.plotly_js()}</script></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
