"""What a browser fetches for a page of the built book, raw and as a web server sends it (gzip).

Why: the page-weight budget (first chapter page ≤ 800 KB gzip with an empty cache, each later page
≤ 100 KB more) is measured by ``make bench`` and enforced by a test; both read it from here, so the
number printed is the number tested. A page's cost is its HTML plus every file it makes the browser
load: ``<script src>``, ``<link>`` stylesheets, preloads and icons, ``<img src>``, CSS ``@import``
and the fonts of every ``@font-face`` in those stylesheets (counted whether or not a glyph is used:
an upper bound). Already-compressed files (woff2, png) are counted as they are. gzip level 6 is the
common server default (Apache mod_deflate, Python's zlib).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

FETCHED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut"}
COMPRESSED = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""")
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}")
FIRST_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


@dataclass(frozen=True)
class Asset:
    path: str  # relative to the built book's root, e.g. "_static/plotly/plotly.min.js"
    raw: int
    gzip: int


@dataclass(frozen=True)
class PageWeight:
    page: str
    assets: tuple[Asset, ...]  # the page's HTML first

    @property
    def raw(self) -> int:
        return sum(a.raw for a in self.assets)

    @property
    def gzip(self) -> int:
        return sum(a.gzip for a in self.assets)

    def added_after(self, cached: set[str]) -> tuple[Asset, ...]:
        """What this page still fetches when the files in ``cached`` are in the browser's cache."""
        return tuple(a for a in self.assets if a.path not in cached)


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and FETCHED_LINK_RELS & set((a.get("rel") or "").lower().split()):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.urls.append(a["src"])


def _local(root: Path, base: str, url: str) -> str | None:
    """The book-relative path a URL on page ``base`` points to, or None for another host or data:."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("data:"):
        return None
    joined = urlsplit(urljoin("http://book/" + base, url)).path.lstrip("/")
    return joined


@lru_cache(maxsize=512)
def _asset(root: Path, path: str) -> Asset:
    data = (root / path).read_bytes()
    packed = len(data) if Path(path).suffix.lower() in COMPRESSED else len(gzip.compress(data, 6, mtime=0))
    return Asset(path, len(data), packed)


def _css_refs(root: Path, css_path: str) -> list[str]:
    text = (root / css_path).read_text(encoding="utf-8", errors="replace")
    urls = CSS_IMPORT.findall(text)
    for face in FONT_FACE.findall(text):
        first = FIRST_URL.search(face)  # a browser takes the first source it supports (woff2)
        if first:
            urls.append(first.group(1))
    return [p for p in (_local(root, css_path, u) for u in urls) if p]


def page_weight(root: Path, page: str) -> PageWeight:
    """Everything a browser with an empty cache fetches for ``page`` (e.g. "chapters/ch1.html")."""
    root = Path(root)
    parser = _Refs()
    parser.feed((root / page).read_text(encoding="utf-8"))
    queue = [p for p in (_local(root, page, u) for u in parser.urls) if p]
    seen, assets = {page}, [_asset(root, page)]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if not (root / path).is_file():
            raise FileNotFoundError(f"{page} loads {path}, which is not in the built book")
        assets.append(_asset(root, path))
        if path.endswith(".css"):
            queue.extend(_css_refs(root, path))
    return PageWeight(page, tuple(assets))


def kb(n: int) -> str:
    return f"{n / 1000:.0f} KB"
