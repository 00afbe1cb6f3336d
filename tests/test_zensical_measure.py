"""bench/zensical.py's reading of a built site: a page the hub leaves out is found wherever
another engine put it (its page, its search.json, its sitemap), the hub's withdrawn notice at
a withdrawn page's address is not taken for the page, and the hub's outputs are missed by
name. Zensical itself is measured by running the script (it needs its own environment)."""
from __future__ import annotations

import json
import sys

from conftest import ROOT, sample_only

sys.path.insert(0, str(ROOT / "bench"))
import zensical  # noqa: E402

SENSITIVE = {"source": "debriefs/op-x.md", "url": "debriefs/op-x/", "title": "Op X debrief", "reason": "classified OFFICIAL-SENSITIVE"}
WITHDRAWN = {"source": "guides/old.md", "url": "guides/old/", "title": "An old note", "reason": "withdrawn"}


@sample_only
def test_the_shipped_contents_left_out_pages_are_named_with_their_reasons():
    found = {page["source"]: page["reason"] for page in zensical.left_out(ROOT / "content")}
    assert found["debriefs/op-lantern.md"] == "classified OFFICIAL-SENSITIVE"
    assert found["guides/adult-services-websites.md"] == "draft"
    assert found["guides/county-lines-interim-note.md"] == "withdrawn"
    assert "guides/initial-actions.md" not in found


def test_a_left_out_page_is_found_as_a_page_in_search_and_in_the_sitemap(tmp_path):
    (tmp_path / "debriefs" / "op-x").mkdir(parents=True)
    (tmp_path / "debriefs" / "op-x" / "index.html").write_text("<title>Op X debrief</title>", encoding="utf-8")
    (tmp_path / "search.json").write_text(json.dumps({"items": [{"location": "debriefs/op-x/", "title": "Op X debrief"}]}))
    (tmp_path / "sitemap.xml").write_text("<url><loc>https://h/debriefs/op-x/</loc></url>", encoding="utf-8")
    (tmp_path / "guides" / "old").mkdir(parents=True)
    (tmp_path / "guides" / "old" / "index.html").write_text("<title>Withdrawn: hub</title>", encoding="utf-8")
    seen = zensical.inspect(tmp_path, [SENSITIVE, WITHDRAWN])
    assert [(p["source"], p["page_written"], p["in_search_json"], p["in_sitemap"]) for p in seen["left_out_but_published"]] == [
        ("debriefs/op-x.md", True, True, True)]
    assert seen["hub_outputs_missing"] == list(zensical.HUB_OUTPUTS) and seen["csp_in_pages"] is False


def test_a_site_with_every_hub_output_misses_none(tmp_path):
    for path in zensical.HUB_OUTPUTS.values():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    assert zensical.inspect(tmp_path, [SENSITIVE])["hub_outputs_missing"] == []
