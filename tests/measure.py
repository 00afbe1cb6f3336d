"""What a reader sees, measured in a real browser page: shared by the frontline tests and the
journeys benchmark (bench/journeys.py)."""
from __future__ import annotations

# One page of every kind of the shipped site, by what it is.
PAGE_KINDS = {
    "home": "", "role landing": "roles/frontline/", "guide": "guides/nrm-first-responders/",
    "aide-memoire": "guides/initial-actions/", "debrief": "debriefs/op-fort/", "training": "training/general-awareness/",
    "lessons register": "lessons/?theme=safeguarding", "search with results": "search/?q=nrm", "glossary": "glossary/",
    "what's new": "whats-new/", "booklet": "booklets/first-contact/", "guides index": "guides/", "debriefs index": "debriefs/",
    "superseded guide": "guides/nrm-referrals-2019/", "offline copy": "offline/", "404": "404.html",
    "language card": "guides/first-contact-language-card/", "language picker": "languages/",
}

# The top of the page's title: its h1, or on the home page (whose h1 is for screen readers)
# the first thing it shows, the way to the initial actions.
TITLE_TOP = """(() => {
  const visible = [...document.querySelectorAll('.hub-urgent, .md-content h1')].find(e => {
    const box = e.getBoundingClientRect(); return box.height > 2 && box.width > 2;
  });
  return visible ? visible.getBoundingClientRect().top + window.scrollY : null;
})()"""

FIRST_PROMPT = "(() => { const e = document.querySelector('.task-list-item'); if (!e) return null; const b = e.getBoundingClientRect(); return {top: b.top + window.scrollY, bottom: b.bottom + window.scrollY}; })()"
FIRST_RESULT = "(() => { const e = document.querySelector('.hub-result'); if (!e) return null; const b = e.getBoundingClientRect(); return {top: b.top + window.scrollY, bottom: b.bottom + window.scrollY}; })()"
FIRST_LESSON = "(() => { const e = document.querySelector('[data-hub-register] > li:not([hidden])'); if (!e) return null; const b = e.getBoundingClientRect(); return {top: b.top + window.scrollY, bottom: b.bottom + window.scrollY}; })()"

# The smallest interactive target a page shows (links inside running text are exempt, as
# WCAG 2.5.8 exempts inline targets).
SMALLEST_TARGET = """(() => {
  let smallest = null;
  for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), summary, label.md-header__button, select')) {
    const b = (e.matches('input') && e.closest('label') ? e.closest('label') : e).getBoundingClientRect();
    if (b.width < 1 || b.height < 1 || e.closest('[hidden], .md-sidebar, .hub-marking') ) continue;
    if (e.parentElement && e.parentElement.closest('details:not([open])') && !e.matches('details:not([open]) > summary')) continue; // folded away, not shown
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden') continue;
    if (e.tagName === 'A' && e.closest('p, li, td, dd, figcaption, .md-copyright') && style.display === 'inline'
        && !e.closest('.hub-quicklist, .hub-chooser, .hub-cards') ) continue;
    if (e.matches('.headerlink, .md-skip, .md-top')) continue;
    const size = Math.min(b.width, b.height);
    if (smallest === null || size < smallest.size) smallest = {size: Math.round(size), what: e.tagName + '.' + (e.className || '') + ' ' + (e.textContent || '').trim().slice(0, 30)};
  }
  return smallest;
})()"""

# 200% text: Material's 125% root, doubled.
LARGE_TEXT = "document.documentElement.style.fontSize = '250%'"

# Every action prompt's box, in page coordinates: a tick, untick or clear must change none.
PROMPT_BOXES = "[...document.querySelectorAll('.task-list-item')].map(e => { const b = e.getBoundingClientRect(); return [b.x, b.y + scrollY, b.width, b.height]; })"

# How many rows the header's items stand in.
HEADER_ROWS = """new Set([...document.querySelectorAll('.hub-header__inner > *')].filter(e => e.getBoundingClientRect().height > 0)
  .map(e => Math.round(e.getBoundingClientRect().top / 8))).size"""

# The action bar's one-tap actions (call 999, the helpline, refer, the urgent checklist) that
# are on screen now and take a tap: inside the viewport, at least 44 px high, and the topmost
# element at their centre.
ACTIONS = """(() => {
  const tappable = [], all = [];
  for (const e of document.querySelectorAll('[data-hub-dock] [data-hub-action]')) {
    const name = e.getAttribute('data-hub-action') === 'call' ? e.getAttribute('href') : e.getAttribute('data-hub-action');
    all.push(name);
    const b = e.getBoundingClientRect();
    if (b.height < 44 || b.width < 24 || b.top < 0 || b.bottom > innerHeight || b.left < 0 || b.right > innerWidth) continue;
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    if (hit && e.contains(hit)) tappable.push(name);
  }
  return {tappable, all};
})()"""

# WCAG contrast of two CSS colours, and the colours an element is drawn with.
CONTRAST = """(pair) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(pair[0]), lum(pair[1])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

BACKGROUND = """(element) => {
  for (let e = element; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent') return c;
  }
  return 'rgb(255, 255, 255)';
}"""


def contrast(page, first: str, second: str) -> float:
    return page.evaluate(CONTRAST, [first, second])

# The height of the site's furniture above the title: the title's top, less a page-state
# banner (review overdue) that is deliberately placed above the title when it applies.
CHROME_ABOVE_TITLE = """(() => {
  const top = """ + TITLE_TOP + """;
  if (top === null) return null;
  const banner = document.querySelector('[data-hub-overdue-banner]:not([hidden])');
  if (!banner) return top;
  const style = getComputedStyle(banner);
  return top - banner.getBoundingClientRect().height - parseFloat(style.marginTop) - parseFloat(style.marginBottom);
})()"""


# A printed booklet, read back with PDFium: for each page, how far down its body text goes
# (a fraction of the space inside the margins), its lines from the top, and the smallest
# font size of its body in points as printed (the font size times the scale of the text's
# matrix: WeasyPrint draws in CSS pixels scaled by 0.75).
def printed_size(textpage, index: int) -> float:
    import ctypes
    import math

    import pypdfium2.raw as raw

    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
    return float(raw.FPDFText_GetFontSize(textpage.raw, index)) * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))


def booklet_pages(path, margin_mm: float) -> list[dict]:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    mm = 72 / 25.4
    pages = []
    document = pdfium.PdfDocument(str(path))
    for page in document:
        height = page.get_height()
        text = page.get_textpage()
        low, sizes, lines = height, [], {}
        x, y = ctypes.c_double(), ctypes.c_double()
        for index in range(text.count_chars()):
            char = raw.FPDFText_GetUnicode(text.raw, index)
            raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
            _, bottom, _, top = text.get_charbox(index)
            if y.value <= margin_mm * mm or y.value >= height - margin_mm * mm:
                continue  # the marking, edition and page number in the margins
            if char > 32:
                low = min(low, bottom)
                sizes.append(printed_size(text, index))
            lines.setdefault(round(y.value), []).append((x.value, chr(char)))
        ordered = ["".join(c for _, c in sorted(chars)).strip() for _, chars in sorted(lines.items(), reverse=True)]
        inside = height - 2 * margin_mm * mm
        pages.append({"fill": round((height - margin_mm * mm - low) / inside, 2) if sizes else 0.0,
                      "lines": [line for line in ordered if line],
                      "smallest": round(min(sizes), 2) if sizes else None})
    return pages
