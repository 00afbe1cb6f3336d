"""The frontline journeys benchmark: what an officer's phone shows, measured in real Chromium
on the shipped content, served from 127.0.0.1.

    python3 dev.py bench-journeys            # writes bench/results/journeys.json and docs/screenshots/

For a phone (360 × 780, touch) and a desktop (1280 × 800), light and dark, 100% and 200%
text: the height of the chrome above each page kind's title; the smallest tap target on each
page kind. On the phone: taps and scroll distance from a cold start and from a remembered
role to the first initial-actions prompt, and where the first prompt, the first search result
and the first register lesson stand. At the scene: how far any prompt moves on a tick, untick,
clear and undo (100% and 200% text); on how many page kinds every action of the bar (Call
999, Helpline, Refer, What to do now) is one tap away; the 200% text first screen; the first
search result after searching from the home page's box; the booklet's smallest printed text
and how full its pages are. Screenshots of the phone journey go to docs/screenshots/."""
from __future__ import annotations

import functools
import http.server
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))

from measure import (  # noqa: E402
    ACTIONS,
    CHROME_ABOVE_TITLE,
    FIRST_LESSON,
    FIRST_PROMPT,
    FIRST_RESULT,
    HEADER_ROWS,
    LARGE_TEXT,
    PAGE_KINDS,
    PROMPT_BOXES,
    SMALLEST_TARGET,
    TITLE_TOP,
    booklet_pages,
)

CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 800}}
SHOTS = ROOT / "docs" / "screenshots"


def build_site(folder: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("HUB_TODAY", "2026-11-23")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = folder / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), site_url="https://hub.example.police.uk/"))
    return site


def serve(folder: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def settle(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)


def page_kinds(browser, base: str) -> list[dict]:
    rows = []
    for device, viewport in VIEWPORTS.items():
        for scheme in ("light", "dark"):
            for text in (100, 200):
                context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=device == "phone",
                                              has_touch=device == "phone")
                page = context.new_page()
                for kind, path in PAGE_KINDS.items():
                    page.goto(base + path)
                    settle(page)
                    if text == 200:
                        page.evaluate("document.documentElement.style.fontSize = '250%'")  # Material's 125% root, doubled
                        page.wait_for_timeout(50)
                    rows.append({"device": device, "scheme": scheme, "text": text, "kind": kind,
                                 "chrome_above_title": round(page.evaluate(CHROME_ABOVE_TITLE) or -1),
                                 "title_top": round(page.evaluate(TITLE_TOP) or -1),
                                 "smallest_target": page.evaluate(SMALLEST_TARGET),
                                 "sideways": page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")})
                context.close()
    return rows


def _tap_to_first_prompt(page, target, screen: dict, taps_before: int = 0) -> dict:
    """Tap a link to the initial actions: the taps, the scrolling needed and where the first prompt ends."""
    box = target.bounding_box()
    scroll = max(0, round(box["y"] + box["height"] - screen["height"]))
    target.tap()
    page.wait_for_url("**/guides/initial-actions/")
    settle(page)
    prompt = page.evaluate(FIRST_PROMPT)
    return {"taps": taps_before + 1, "scroll_px": scroll + max(0, round(prompt["bottom"] - screen["height"])),
            "first_prompt_bottom": round(prompt["bottom"])}


def journeys(browser, base: str) -> dict:
    phone = VIEWPORTS["phone"]
    out = {}
    context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(base)
    settle(page)
    page.screenshot(path=str(SHOTS / "1-home-cold-start.png"))
    out["cold start, urgent button"] = _tap_to_first_prompt(page, page.locator(".hub-urgent a"), phone)
    page.screenshot(path=str(SHOTS / "3-aide-memoire.png"))

    page.goto(base)
    settle(page)
    page.locator("a[data-hub-choose-role='frontline']").tap()
    page.wait_for_url("**/roles/frontline/")
    settle(page)
    page.screenshot(path=str(SHOTS / "2-frontline-landing.png"))
    out["cold start, through the role"] = _tap_to_first_prompt(page, page.locator(".hub-quicklist a").first, phone, taps_before=1)

    page.goto(base)  # the role is now remembered on this device
    settle(page)
    page.screenshot(path=str(SHOTS / "4-home-remembered-role.png"))
    out["remembered role"] = _tap_to_first_prompt(page, page.locator(".hub-urgent a"), phone)

    page.goto(base + "search/?q=nrm")
    page.wait_for_selector(".hub-result")
    settle(page)
    out["first search result top"] = round(page.evaluate(FIRST_RESULT)["top"])
    page.screenshot(path=str(SHOTS / "5-search.png"))
    page.goto(base)
    settle(page)
    home_box = page.locator(".md-content input[type=search][name=q]")
    out["home search box bottom"] = round(home_box.bounding_box()["y"] + home_box.bounding_box()["height"])
    home_box.fill("nrm")
    home_box.press("Enter")
    page.wait_for_selector(".hub-result")
    settle(page)
    out["first search result top, from the home box"] = round(page.evaluate(FIRST_RESULT)["top"])
    page.goto(base + "lessons/?theme=safeguarding")
    settle(page)
    out["first register lesson top"] = round(page.evaluate(FIRST_LESSON)["top"])
    page.screenshot(path=str(SHOTS / "6-register.png"))
    context.close()
    out.update(at_the_scene(browser, base))
    return out


def _shift(page, step) -> float:
    before = page.evaluate(PROMPT_BOXES)
    step()
    page.wait_for_timeout(100)
    after = page.evaluate(PROMPT_BOXES)
    return max((abs(a - b) for one, two in zip(before, after) for a, b in zip(one, two)), default=0.0)


def at_the_scene(browser, base: str) -> dict:
    """The aide-memoire at the scene: layout shift of every prompt, the bar's actions on every
    page kind, the 200% text first screen, and screenshots of the bar."""
    phone = VIEWPORTS["phone"]
    out: dict = {}
    for text in (100, 200):
        context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(base + "guides/initial-actions/")
        settle(page)
        if text == 200:
            page.evaluate(LARGE_TEXT)
            page.wait_for_timeout(100)
        prompt = page.locator(".task-list-item .task-list-text")

        def tap(n: int, prompt=prompt) -> None:
            prompt.nth(n).scroll_into_view_if_needed()
            prompt.nth(n).tap()

        def clear(page=page) -> None:
            page.locator("[data-hub-encounter] > summary").tap()
            page.get_by_role("button", name="Clear ticks").tap()
            page.get_by_role("button", name="Yes, clear").tap()

        shifts = {"tick": max(_shift(page, lambda: tap(0)), _shift(page, lambda: tap(1)), _shift(page, lambda: tap(12))),
                  "untick": _shift(page, lambda: tap(1)), "clear": _shift(page, clear),
                  "undo": _shift(page, lambda page=page: page.get_by_role("button", name="Undo").tap())}
        out[f"largest prompt shift at {text}% text (px)"] = shifts
        if text == 100:
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(100)
            page.screenshot(path=str(SHOTS / "9-aide-memoire-ticked.png"))
        else:
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(100)
            dock = page.locator("[data-hub-dock]").bounding_box()["y"]
            first = page.locator(".task-list-item .task-list-text").first.bounding_box()
            out["200% text, first screen"] = {
                "header rows": page.evaluate(HEADER_ROWS),
                "marking cut": page.evaluate("(e => e.scrollWidth > e.clientWidth)(document.querySelector('.hub-marking--top'))"),
                "title top": round(page.locator(".md-content h1").bounding_box()["y"]),
                "first prompt bottom": round(first["y"] + first["height"]), "bar top": round(dock)}
            page.screenshot(path=str(SHOTS / "11-aide-memoire-200-percent.png"))
        context.close()

    bar = {}
    for text in (100, 200):
        context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True)
        page = context.new_page()
        complete = 0
        for path in PAGE_KINDS.values():
            page.goto(base + path)
            settle(page)
            if text == 200:
                page.evaluate(LARGE_TEXT)
                page.wait_for_timeout(50)
            if set(page.evaluate(ACTIONS)["tappable"]) == {"tel:999", "tel:08000121700", "refer", "urgent"}:
                complete += 1
        bar[f"{text}% text"] = f"{complete} of {len(PAGE_KINDS)}"
        if text == 100:
            page.goto(base + "guides/")
            settle(page)
            page.locator("[data-hub-action=refer]").tap()
            page.wait_for_timeout(150)
            page.screenshot(path=str(SHOTS / "10-refer-sheet.png"))
            page.goto(base + "guides/initial-actions/")
            settle(page)
            page.locator(".task-list-item .task-list-text").first.tap()
            page.goto(base)
            settle(page)
            page.screenshot(path=str(SHOTS / "12-home-continue.png"))
        context.close()
    out["page kinds with every bar action one tap away"] = bar
    return out


def booklet(site: Path) -> dict:
    """Screenshots of an A6 page and the cover; the smallest printed text and how full each
    page of sections is (the cover, the notes and the back cover aside)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(site / "booklets" / "first-contact-a6.pdf"))
    document[4].render(scale=2).to_pil().save(SHOTS / "7-booklet-a6-page.png")
    document[0].render(scale=2).to_pil().save(SHOTS / "8-booklet-a6-cover.png")
    out = {}
    for size, margin in (("a6", 11), ("a5", 16)):
        pages = booklet_pages(site / "booklets" / f"first-contact-{size}.pdf", margin_mm=margin)
        end = next(n for n, page in enumerate(pages) if page["lines"][:1] == ["Notes"] or page["lines"][0].startswith("Tear out"))
        out[size] = {"pages": len(pages), "smallest text (pt)": min(p["smallest"] for p in pages[:end] if p["smallest"]),
                     "fill of each page of sections": [p["fill"] for p in pages[1:end]]}
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="msht-journeys-") as work:
        site = build_site(Path(work))
        base = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            result = {"journeys": journeys(browser, base), "page_kinds": page_kinds(browser, base)}
            browser.close()
        result["booklet"] = booklet(site)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "journeys.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(report(result))
    return 0


def report(result: dict) -> str:
    lines = ["| journey (phone 360 × 780) | taps | scroll (px) | first prompt ends at (px) |", "|---|---|---|---|"]
    for name, row in result["journeys"].items():
        if isinstance(row, dict) and "taps" in row:
            lines.append(f"| {name} | {row['taps']} | {row['scroll_px']} | {row['first_prompt_bottom']} |")
    j = result["journeys"]
    lines += ["", f"First search result at {j['first search result top']} px; "
                  f"first register lesson at {j['first register lesson top']} px (screen: 780 px). "
                  f"From the home page's search box (its bottom at {j['home search box bottom']} px): first result at "
                  f"{j['first search result top, from the home box']} px.", ""]
    lines += ["| at the scene (phone) | figure |", "|---|---|"]
    for text in (100, 200):
        shifts = j[f"largest prompt shift at {text}% text (px)"]
        lines.append(f"| largest move of any prompt at {text}% text: tick / untick / clear / undo | "
                     + " / ".join(f"{shifts[k]:g} px" for k in ("tick", "untick", "clear", "undo")) + " |")
    for text, count in j["page kinds with every bar action one tap away"].items():
        lines.append(f"| page kinds with Call 999, Helpline, Refer and What to do now each one tap away, {text} | {count} |")
    big = j["200% text, first screen"]
    lines.append(f"| 200% text: header rows; marking cut; title top; first prompt ends; bar starts | {big['header rows']}; "
                 f"{'yes' if big['marking cut'] else 'no'}; {big['title top']} px; {big['first prompt bottom']} px; {big['bar top']} px |")
    for size, row in result.get("booklet", {}).items():
        lines.append(f"| booklet {size.upper()}: pages; smallest text; fill of each page of sections | {row['pages']}; "
                     f"{row['smallest text (pt)']:.1f} pt; {', '.join(f'{f:.0%}' for f in row['fill of each page of sections'])} |")
    lines.append("")
    lines += ["| device | scheme | text | most chrome above a title (px, kind) | latest title top (px, kind) | smallest target (px, kind) | sideways scroll |",
              "|---|---|---|---|---|---|---|"]
    groups: dict[tuple, list] = {}
    for row in result["page_kinds"]:
        groups.setdefault((row["device"], row["scheme"], row["text"]), []).append(row)
    for (device, scheme, text), rows in groups.items():
        chrome = max(rows, key=lambda r: r["chrome_above_title"])
        title = max(rows, key=lambda r: r["title_top"])
        targets = [r for r in rows if r["smallest_target"]]
        small = min(targets, key=lambda r: r["smallest_target"]["size"])
        sideways = [r["kind"] for r in rows if r["sideways"]]
        lines.append(f"| {device} | {scheme} | {text}% | {chrome['chrome_above_title']} ({chrome['kind']}) | "
                     f"{title['title_top']} ({title['kind']}) | {small['smallest_target']['size']} ({small['kind']}) | "
                     f"{', '.join(sideways) or 'none'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
