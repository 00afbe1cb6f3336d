"""The classification gate covers every file of the output, not only Markdown pages: files
beside pages are published only when a published page uses them, and every file the engine
would build as a page goes through the catalogue, whatever its ending."""
from __future__ import annotations

import zipfile

import pytest

from conftest import CONFIG, front_matter, output_text, valid

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def plant_annexes(project):
    project.page("guides/open.md", valid("guide", title="Open guide"),
                 "See the [public leaflet](leaflet.pdf).\n\n![A chart](images/chart.png)\n")
    project.write("guides/leaflet.pdf", "%PDF-1.4 PUBLIC-LEAFLET-5d1e")
    (project.content / "guides/images").mkdir(parents=True, exist_ok=True)
    (project.content / "guides/images/chart.png").write_bytes(PNG)
    project.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE"),
                 "The [annex](annex.pdf) and ![the map](map.png).\n")
    project.write("debriefs/annex.pdf", "%PDF-1.4 CANARY-ANNEX-8a2c")
    (project.content / "debriefs/map.png").write_bytes(PNG + b"CANARY-MAP-17bd")
    project.page("guides/draft.md", valid("guide", status="draft"), "![Draft picture](draft.png)\n")
    (project.content / "guides/draft.png").write_bytes(PNG + b"CANARY-DRAFT-PICTURE-3c9f")
    project.write("training/stray-notes.txt", "CANARY-STRAY-0e44 nobody links to this")


def test_a_file_only_a_left_out_page_uses_is_in_no_output(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    plant_annexes(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    for path in ("debriefs/annex.pdf", "debriefs/map.png", "guides/draft.png", "training/stray-notes.txt"):
        assert not (result.site / path).exists(), path
    text = output_text(result.site)
    for canary in ("CANARY-ANNEX-8a2c", "CANARY-MAP-17bd", "CANARY-DRAFT-PICTURE-3c9f", "CANARY-STRAY-0e44",
                   "debriefs/annex.pdf", "debriefs/map.png", "guides/draft.png", "stray-notes"):
        assert canary not in text, canary  # not in any page, the offline list (sw.js), exports or the index


def test_a_file_a_published_page_uses_is_published_and_cached_offline(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    plant_annexes(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    assert (result.site / "guides/leaflet.pdf").read_text() == "%PDF-1.4 PUBLIC-LEAFLET-5d1e"
    assert (result.site / "guides/images/chart.png").read_bytes() == PNG
    worker = (result.site / "sw.js").read_text(encoding="utf-8")
    assert '"guides/leaflet.pdf"' in worker and '"guides/images/chart.png"' in worker


def test_an_official_sensitive_build_publishes_the_sensitive_annex(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL-SENSITIVE")
    plant_annexes(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    assert (result.site / "debriefs/annex.pdf").exists() and (result.site / "debriefs/map.png").exists()
    assert not (result.site / "guides/draft.png").exists()


def test_a_file_no_page_uses_is_reported_by_name(project, caplog):
    plant_annexes(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.endswith("training/stray-notes.txt: no published page links to it; left out of this build") for m in messages)


def test_a_folder_declared_public_is_published_whole(project, caplog, tmp_path):
    import yaml

    config = yaml.safe_load(CONFIG.read_text().replace("!ENV", ""))  # only to learn the key exists
    assert "public_folders" in config["extra"]["hub"]
    (project.content / "images/shared").mkdir(parents=True)
    (project.content / "images/shared/logo.png").write_bytes(PNG)
    (project.content / "images/other.png").write_bytes(PNG)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(CONFIG), docs_dir=str(project.content), site_dir=str(project.site), strict=True)
    cfg.extra["hub"]["public_folders"] = ["images/shared"]
    build(cfg)
    assert (project.site / "images/shared/logo.png").exists()
    assert not (project.site / "images/other.png").exists()


@pytest.mark.parametrize("ending", [".markdown", ".mdown", ".mkdn", ".mkd"])
def test_a_sensitive_page_with_any_markdown_ending_is_gated(project, caplog, monkeypatch, ending):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    project.write(f"debriefs/secret{ending}", front_matter(valid("debrief", classification="OFFICIAL-SENSITIVE", title="CANARY-ENDING-6b0f"),
                                                          "CANARY-ENDING-6b0f body\n"))
    project.page("guides/open.md", valid("guide"))
    result = project.build(caplog)
    assert result.ok, result.errors
    assert "CANARY-ENDING-6b0f" not in output_text(result.site)


def test_a_page_with_another_markdown_ending_is_checked_like_any_page(project, caplog):
    project.write("guides/odd.markdown", front_matter(valid("guide", roles=["detective"])))
    result = project.build(caplog)
    assert not result.ok
    assert any("guides/odd.markdown: roles[0]: 'detective' is not one of" in error for error in result.errors)


def test_an_upper_case_markdown_ending_is_refused_rather_than_copied_as_source(project, caplog):
    project.write("debriefs/secret.MD", front_matter(valid("debrief", classification="OFFICIAL-SENSITIVE")))
    result = project.build(caplog)
    assert not result.ok
    assert any("debriefs/secret.MD: file: ends in '.MD'; expected a lower-case '.md'" in error for error in result.errors)


def test_hub_check_sees_pages_with_every_markdown_ending(project):
    from msht_hub.commands.project import load_project
    from msht_hub.reading.catalogue import read_catalogue

    project.write("guides/odd.mkd", front_matter(valid("guide")))
    catalogue = read_catalogue(project.content, load_project(CONFIG).settings, shown_root=project.root)
    assert "guides/odd.mkd" in catalogue.documents


def test_no_template_or_source_is_published(shipped_site):
    published = {path.relative_to(shipped_site).as_posix() for path in shipped_site.rglob("*") if path.is_file()}
    assert not [path for path in published if path.startswith("fragments/")]
    assert not [path for path in published if path.endswith((".md", ".markdown", ".j2", ".jinja", ".map"))]
    worker = (shipped_site / "sw.js").read_text(encoding="utf-8")
    assert "fragments/" not in worker


def test_the_zip_edition_leaves_out_what_the_site_leaves_out(tmp_path, monkeypatch):
    from conftest import HubProject, copy_config
    from msht_hub.commands.file_edition import make_file_edition

    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    hub = HubProject(tmp_path)
    config = copy_config(tmp_path)  # with the hooks and overrides
    hub.page("index.md", valid("page"))
    plant_annexes(hub)
    archive = make_file_edition(config, tmp_path / "dist")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        text = "\n".join(opened.read(name).decode("utf-8", errors="ignore") for name in names)
    assert "msht-hub/guides/leaflet.pdf" in names
    assert not [name for name in names if "annex" in name or "map.png" in name or "fragments/" in name]
    assert "CANARY-ANNEX-8a2c" not in text
