"""The JSON Schemas editors use are generated from the model, committed, and kept current;
`hub check` validates without building and says the same as the build."""
from __future__ import annotations

import subprocess
import sys

import jsonschema
import pytest

from conftest import CONFIG, IS_SAMPLE, ROOT, copy_config, front_matter, sample_only, valid
from msht_hub.commands.project import load_project
from msht_hub.commands.schema import rendered_schemas, stale_schemas
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.kinds import KINDS, MODELS
from msht_hub.reading.reader import read_page

PROJECT = load_project(CONFIG)


def test_committed_json_schemas_match_the_content_model():
    assert stale_schemas(ROOT / "schemas", PROJECT.settings.taxonomy) == [], "run `python3 dev.py hub schema`"


def test_a_changed_taxonomy_makes_the_committed_schemas_stale(tmp_path):
    taxonomy = PROJECT.settings.taxonomy.model_copy(update={"roles": {"someone": "Someone"}})
    for name, text in rendered_schemas(PROJECT.settings.taxonomy).items():
        (tmp_path / name).write_text(text)
    assert stale_schemas(tmp_path, PROJECT.settings.taxonomy) == []
    assert set(stale_schemas(tmp_path, taxonomy)) == {"guide.schema.json", "debrief.schema.json", "training.schema.json",
                                                      "language-card.schema.json"}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_shipped_page_satisfies_the_schema_of_its_kind(kind):
    import json

    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    catalogue = read_catalogue(PROJECT.docs_dir, PROJECT.settings, shown_root=PROJECT.root)
    pages = [doc for doc in catalogue.documents.values() if doc.kind == kind]
    assert pages or not IS_SAMPLE  # the sample has every kind; another library may not
    for doc in pages:
        meta, _ = read_page(PROJECT.docs_dir / doc.src_uri, doc.shown_path)
        if doc.type_id in KINDS[kind].variants:  # a type with a model of its own has a schema of its own
            jsonschema.validate(meta, json.loads((ROOT / "schemas" / f"{doc.type_id}.schema.json").read_text()))
        else:
            jsonschema.validate(meta, schema)


def test_the_schema_rejects_a_role_outside_the_taxonomy():
    import json

    schema = json.loads((ROOT / "schemas" / "guide.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(valid("guide", roles=["detective"]), schema)


def hub(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", *args], cwd=cwd, capture_output=True, text=True)


@sample_only
def test_hub_check_passes_on_the_shipped_content():
    result = hub("check")
    assert result.returncode == 0, result.stderr
    assert "would be published at OFFICIAL" in result.stdout
    assert "left out: content/debriefs/op-lantern.md" in result.stdout


def test_hub_check_reports_each_problem_on_one_line_and_fails(tmp_path):
    copy_config(tmp_path)
    (tmp_path / "content" / "training").mkdir(parents=True)
    (tmp_path / "content" / "training" / "t.md").write_text(front_matter(valid("training", format="webinar", duration="")))
    result = hub("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/training/t.md: duration: '' is not valid; expected text matching ^\\d+(\\.\\d+)? (minutes|hours|days)$",
        "content/training/t.md: format: 'webinar' is not one of: 'course', 'lesson-plan', 'masterclass-video', 'e-learning'",
        "2 content problems found.",
    ]
