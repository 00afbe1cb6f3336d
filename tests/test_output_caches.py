"""The outputs' part of the persistent cache: search analyses (analysis_cache.py), booklet
PDFs (booklet_jobs.py) and the offline copy's compressed members (offline.py). Each kept
result is used again exactly when what it is made from is the same, and a changed input
gives a changed result."""
from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from msht_hub.outputs import booklet_jobs, offline
from msht_hub.outputs.analysis_cache import AnalysisStore
from msht_hub.outputs.booklet_jobs import PdfJob, PdfRun, job_key
from msht_hub.outputs.offline import Members
from msht_hub.outputs.search_index import analyse, write_index
from msht_hub.pages.search_documents import SearchDocument
from msht_hub.reading import render_cache
from msht_hub.reading.facets import FACETS as REGISTRY

DOCS = [
    SearchDocument(url="guides/a/", title="Debt bondage", crumb="Guides", kind="guide", text="Workers were held by debts they could not repay.",
                   summary="Spotting debt bondage", facets=(("role", ("frontline",)),)),
    SearchDocument(url="guides/a/#signs", title="Debt bondage › Signs", crumb="Guides", kind="guide",
                   text="Passports kept by the employer. Wages paid to a third person.", index_title="Signs"),
    SearchDocument(url="guides/b/", title="Interpreters", crumb="Guides", kind="guide", text="Book an independent interpreter."),
]
FACETS = [(REGISTRY["kind"], {"guide": "Guide"}), (REGISTRY["role"], {"frontline": "Frontline"})]


def counting(calls: list[str]):
    def analyse_counted(doc: SearchDocument):
        calls.append(doc.url)
        return analyse(doc)
    return analyse_counted


def test_a_kept_analysis_is_the_analysis_and_is_used_again(tmp_path):
    calls: list[str] = []
    first = list(AnalysisStore(tmp_path, "code").analyse_all(DOCS, counting(calls)))
    assert [found for _, found in first] == [analyse(doc) for doc in DOCS]
    assert len(calls) == 3
    store = AnalysisStore(tmp_path, "code")
    again = list(store.analyse_all(DOCS, counting(calls)))
    assert len(calls) == 3 and (store.hits, store.misses) == (3, 0)  # read, not analysed
    assert [found for _, found in again] == [analyse(doc) for doc in DOCS]  # exactly what analysing gives


@pytest.mark.parametrize("change", [{"text": "A new word: quayside."}, {"title": "Debt bondage at sea"}, {"summary": "Spotting it at sea"},
                                    {"index_title": "Warning signs"}])
def test_a_changed_analysed_field_is_analysed_again(tmp_path, change):
    list(AnalysisStore(tmp_path, "code").analyse_all(DOCS, analyse))
    changed = [replace(DOCS[0], **change), *DOCS[1:]]
    calls: list[str] = []
    found = list(AnalysisStore(tmp_path, "code").analyse_all(changed, counting(calls)))
    assert calls == [DOCS[0].url]
    assert found[0][1] == analyse(changed[0]) != analyse(DOCS[0])


def test_facets_are_not_in_the_key_and_code_is(tmp_path):
    list(AnalysisStore(tmp_path, "code").analyse_all(DOCS, analyse))
    other_edition = [replace(doc, url="force/" + doc.url, facets=(("role", ("investigator",)), ("layer", ("eastmoor",)))) for doc in DOCS]
    calls: list[str] = []
    list(AnalysisStore(tmp_path, "code").analyse_all(other_edition, counting(calls)))
    assert calls == []  # another edition's facets: the national analysis is used
    list(AnalysisStore(tmp_path, "other code").analyse_all(DOCS, counting(calls)))
    assert len(calls) == 3  # a new version of the code analyses everything again


def test_a_damaged_store_is_ignored(tmp_path):
    list(AnalysisStore(tmp_path, "code").analyse_all(DOCS, analyse))
    for bucket in tmp_path.glob("*.json"):
        bucket.write_text(json.dumps({key: [1, [1, 2, 3, 4]] for key in json.loads(bucket.read_text())}))
    found = list(AnalysisStore(tmp_path, "code").analyse_all(DOCS, analyse))
    assert [analysed for _, analysed in found] == [analyse(doc) for doc in DOCS]


def active_cache(tmp_path, monkeypatch) -> render_cache.RenderCache:
    monkeypatch.setenv("HUB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HUB_CACHE", raising=False)
    cache = render_cache.RenderCache.for_project(tmp_path / "project")
    assert cache is not None
    return cache


def index_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_index_from_kept_analyses_is_the_index_and_follows_an_edit(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_CACHE", "off")
    render_cache.RenderCache.for_project(tmp_path / "project")
    write_index(tmp_path / "plain", DOCS, FACETS, [], "2026-11-23")
    active_cache(tmp_path, monkeypatch)
    write_index(tmp_path / "first", DOCS, FACETS, [], "2026-11-23")
    write_index(tmp_path / "kept", DOCS, FACETS, [], "2026-11-23")
    assert index_bytes(tmp_path / "plain") == index_bytes(tmp_path / "first") == index_bytes(tmp_path / "kept")
    edited = [replace(DOCS[0], text=DOCS[0].text + " Quayside inspections."), *DOCS[1:]]
    write_index(tmp_path / "edited", edited, FACETS, [], "2026-11-23")
    shards = b"".join(data for name, data in index_bytes(tmp_path / "edited").items() if name.startswith("shard-"))
    assert b'"quaysid"' in shards


def font(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "fonts" / "card.ttf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_pdf_key_changes_with_each_input(tmp_path):
    face = font(tmp_path, b"one")
    html = f'<style>@font-face {{ src: url("{face.as_uri()}"); }}</style><p>Call 999.</p>'
    job = PdfJob(html, tmp_path / "a6.pdf", None, "First contact")
    key = job_key(job, "code")
    assert job_key(replace(job, pdf=tmp_path / "elsewhere.pdf"), "code") == key  # where it goes is not what it is
    assert job_key(replace(job, html=html.replace("999", "101")), "code") != key
    assert job_key(replace(job, title="First contact (Eastmoor)"), "code") != key
    assert job_key(replace(job, imposed=tmp_path / "a4.pdf"), "code") != key
    assert job_key(job, "other code") != key
    face.write_bytes(b"two")  # the same address, another font
    assert job_key(job, "code") != key


PRINT = "<html lang='en'><head><title>Card</title></head><body><h1>{}</h1></body></html>"


def text_of(pdf: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_booklet_pdfs_are_made_by_a_child_and_kept(tmp_path, monkeypatch):
    active_cache(tmp_path, monkeypatch)
    jobs = [PdfJob(PRINT.format("Call nine nine nine"), tmp_path / "site" / "a6.pdf", None, "Card"),
            PdfJob(PRINT.format("Call nine nine nine"), tmp_path / "site" / "a5.pdf", tmp_path / "site" / "a4.pdf", "Card")]
    run = PdfRun(jobs)
    assert run._child is not None
    run.finish()
    assert run.kept == 0 and "Call nine nine nine" in text_of(tmp_path / "site" / "a6.pdf")
    assert (tmp_path / "site" / "a4.pdf").read_bytes().startswith(b"%PDF")
    first = {name: (tmp_path / "site" / name).read_bytes() for name in ("a6.pdf", "a5.pdf", "a4.pdf")}

    def no_child(*args, **kwargs):
        raise AssertionError("a kept PDF was made again")
    monkeypatch.setattr(booklet_jobs.subprocess, "Popen", no_child)
    again = [replace(job, pdf=tmp_path / "next" / job.pdf.name, imposed=job.imposed and tmp_path / "next" / job.imposed.name) for job in jobs]
    run = PdfRun(again)
    run.finish()
    assert run.kept == 2
    assert {name: (tmp_path / "next" / name).read_bytes() for name in ("a6.pdf", "a5.pdf", "a4.pdf")} == first
    monkeypatch.undo()
    active_cache(tmp_path, monkeypatch)
    changed = [replace(job, html=PRINT.format("Call one zero one")) for job in again[:1]]
    run = PdfRun(changed)
    run.finish()
    assert run.kept == 0 and "Call one zero one" in text_of(tmp_path / "next" / "a6.pdf")


def test_a_build_that_stops_stops_its_pdf_child(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_CACHE", "off")
    render_cache.RenderCache.for_project(tmp_path / "project")
    run = PdfRun([PdfJob(PRINT.format("x"), tmp_path / "site" / "a6.pdf", None, "Card")])
    assert run._child is not None and run._child.poll() is None
    run.stop()
    assert run._child.poll() is not None and not run._work.exists()
    assert not (tmp_path / "site" / "a6.pdf").exists()


def test_a_failing_child_says_why_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_CACHE", "off")
    render_cache.RenderCache.for_project(tmp_path / "project")
    run = PdfRun([PdfJob(PRINT.format("x"), tmp_path / "no-such-file" / "\0bad.pdf", None, "Card")])
    with pytest.raises(booklet_jobs.BookletPdfError, match="^the booklet PDFs could not be made: ValueError: embedded null byte$"):
        run.finish()


def test_offline_members_are_kept_by_their_bytes(tmp_path, monkeypatch):
    folder = tmp_path / "offline"
    members = Members(folder)
    one, two = b"<p>one</p>" * 50, b"<p>two</p>" * 50
    assert gzip.decompress(members.member(one)) == one
    members.save()

    def no_compress(*args, **kwargs):
        raise AssertionError("a kept member was compressed again")
    monkeypatch.setattr(offline.gzip, "compress", no_compress)
    kept = Members(folder)
    assert gzip.decompress(kept.member(one)) == one  # read back, not compressed
    with pytest.raises(AssertionError, match="compressed again"):
        kept.member(two)  # new bytes: compressed
    monkeypatch.undo()
    assert gzip.decompress(Members(folder).member(two)) == two
    (folder / "members.json").write_text("{not json", encoding="utf-8")
    assert gzip.decompress(Members(folder).member(one)) == one  # a damaged index: compressed as if new


def test_kept_inflections_are_the_inflections_and_follow_the_code(tmp_path):
    from msht_hub.outputs.analysis_cache import Inflections
    from msht_hub.outputs.search_analysis import inflections

    calls: list[str] = []

    def counted(word: str) -> set[str]:
        calls.append(word)
        return inflections(word)
    first = Inflections(tmp_path / "inflections.json", "code", counted)
    assert first.of("trafficking") == sorted(inflections("trafficking")) and "trafficked" in first.of("trafficking")
    first.save()
    kept = Inflections(tmp_path / "inflections.json", "code", counted)
    assert kept.of("trafficking") == sorted(inflections("trafficking")) and calls == ["trafficking"]
    Inflections(tmp_path / "inflections.json", "other code", counted).of("trafficking")
    assert calls == ["trafficking", "trafficking"]  # another version of the code: worked out again


def test_a_cut_font_is_kept_by_its_file_and_characters(tmp_path, monkeypatch):
    from msht_hub.outputs import card_fonts
    from msht_hub.outputs.card_fonts import Face, subset_woff2

    active_cache(tmp_path, monkeypatch)
    cuts: list[tuple[Path, str]] = []
    monkeypatch.setattr(card_fonts, "_subset", lambda file, chars: cuts.append((file, chars)) or f"{file.read_text()}|{chars}".encode())
    face = Face(font(tmp_path, b"font one"), "abc")
    assert subset_woff2(face) == b"font one|abc" and len(cuts) == 1
    assert subset_woff2(face) == b"font one|abc" and len(cuts) == 1  # kept: not cut again
    assert subset_woff2(Face(face.file, "abd")) == b"font one|abd" and len(cuts) == 2
    face.file.write_bytes(b"font two")  # the same file name, another font
    assert subset_woff2(face) == b"font two|abc" and len(cuts) == 3
