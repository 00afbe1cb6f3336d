"""Pocket booklets: which sections go in each booklet configured in `extra.hub.booklets`,
in what order, and each section's HTML made fit for print.

A section is a published aide-memoire whose front-matter names the booklet. Drafts,
superseded, withdrawn and over-classified pages never reach a booklet: the catalogue's
`published` view has already left them out, and superseded pages are dropped here."""
from __future__ import annotations

import re
from dataclasses import dataclass

from msht_hub.reading.catalogue import RANK, Catalogue, Document
from msht_hub.reading.model import BookletPlacement
from msht_hub.reading.settings import BookletSettings

WRITES = {"booklets/": "the booklets and their PDFs", "b/": "the booklets' short links"}  # the paths this output writes (outputs/paths.py)


@dataclass(frozen=True)
class Booklet:
    settings: BookletSettings
    sections: list[Document]

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def page_uri(self) -> str:
        return f"booklets/{self.id}.md"

    @property
    def classification(self) -> str:
        return max((doc.meta.classification for doc in self.sections), key=RANK.__getitem__, default="OFFICIAL")

    def pdf_name(self, size: str) -> str:
        return f"{self.id}-{size.lower()}.pdf"

    @property
    def imposed_name(self) -> str:
        return f"{self.id}-a4-print-at-home.pdf"


def _placement(doc: Document) -> BookletPlacement | None:
    return doc.placement


def plan_booklets(catalogue: Catalogue, configured: list[BookletSettings]) -> list[Booklet]:
    booklets = []
    for settings in configured:
        sections = [doc for doc in catalogue.published.values()
                    if doc.meta.status == "published" and (placement := _placement(doc)) and placement.booklet == settings.id]
        booklets.append(Booklet(settings, sorted(sections, key=lambda doc: doc.placement.order if doc.placement else 0)))
    return booklets


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_LINK = re.compile(r"</?a(?:\s[^>]*)?>")
_HEADING_ID = re.compile(r'(<h[1-6][^>]*?)\s+id="[^"]*"')


def printable(html: str) -> str:
    """A section's rendered HTML as it goes into a booklet: no permalink symbols, links kept
    as their text (a booklet is read on paper, away from the page they pointed from), and
    no heading ids, which would clash between sections."""
    return _HEADING_ID.sub(r"\1", _LINK.sub("", _HEADERLINK.sub("", html)))


_LOOPBACK = re.compile(r"^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|[^.]+)$", re.I)


def public_address(site_url: str | None) -> str | None:
    """The site's public address ending in '/', or None when there is none to print: no
    address, a loopback or local-only host, or not http(s). A printed booklet must never send
    a reader to an address that only works on the machine that built it."""
    from urllib.parse import urlsplit

    if not site_url:
        return None
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or _LOOPBACK.match(parts.hostname):
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def qr_svg(data: str) -> str:
    """An inline SVG QR code of data (error correction M), back to the online booklet."""
    import qrcode  # only a build with booklets loads qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    svg: str = code.make_image().to_string(encoding="unicode")
    return svg[svg.index("<svg"):]  # without the XML declaration, to sit inside HTML
