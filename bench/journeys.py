"""The frontline journeys benchmark: what an officer's phone shows, measured in real Chromium
on the shipped content, served from 127.0.0.1.

    python3 dev.py bench-journeys            # writes bench/results/journeys.json and docs/screenshots/

For a phone (360 × 780, touch) and a desktop (1280 × 800), light and dark, 100% and 200%
text: the height of the chrome above each page kind's title; the smallest tap target on each
page kind. On the phone: taps and scroll distance from a cold start and from a remembered
role to the first initial-actions prompt, and where the first prompt, the first search result
and the first register lesson stand. Screenshots of the phone journey go to docs/screenshots/."""
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

from measure import CHROME_ABOVE_TITLE, FIRST_LESSON, FIRST_PROMPT, FIRST_RESULT, PAGE_KINDS, SMALLEST_TARGET, TITLE_TOP  # noqa: E402

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
    out["remembered role"] = _tap_to_first_prompt(page, page.locator("[data-hub-essentials-for='frontline'] .hub-quicklist a").first, phone)

    page.goto(base + "search/?q=nrm")
    page.wait_for_selector(".hub-result")
    settle(page)
    out["first search result top"] = round(page.evaluate(FIRST_RESULT)["top"])
    page.screenshot(path=str(SHOTS / "5-search.png"))
    page.goto(base + "lessons/?theme=safeguarding")
    settle(page)
    out["first register lesson top"] = round(page.evaluate(FIRST_LESSON)["top"])
    page.screenshot(path=str(SHOTS / "6-register.png"))
    context.close()
    return out


def booklet_page_shot(site: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(site / "booklets" / "first-contact-a6.pdf"))
    document[4].render(scale=2).to_pil().save(SHOTS / "7-booklet-a6-page.png")
    document[0].render(scale=2).to_pil().save(SHOTS / "8-booklet-a6-cover.png")


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="msht-journeys-") as work:
        site = build_site(Path(work))
        base = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            result = {"journeys": journeys(browser, base), "page_kinds": page_kinds(browser, base)}
            browser.close()
        booklet_page_shot(site)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "journeys.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(report(result))
    return 0


def report(result: dict) -> str:
    lines = ["| journey (phone 360 × 780) | taps | scroll (px) | first prompt ends at (px) |", "|---|---|---|---|"]
    for name, row in result["journeys"].items():
        if isinstance(row, dict):
            lines.append(f"| {name} | {row['taps']} | {row['scroll_px']} | {row['first_prompt_bottom']} |")
    lines += ["", f"First search result at {result['journeys']['first search result top']} px; "
                  f"first register lesson at {result['journeys']['first register lesson top']} px (screen: 780 px).", ""]
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
