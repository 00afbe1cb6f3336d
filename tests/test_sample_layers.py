"""The shipped sample's forces: two fictional forces, each with local contacts, a local
procedure page (among a role's shortcuts), one replaced national page and one hidden national
page, clearly marked fictional. (A check of the sample's breadth, for the sample alone.)"""
from __future__ import annotations

import pytest

from conftest import CONFIG, sample_only
from msht_hub.commands.project import load_project
from msht_hub.content import read_content
from msht_hub.editions.layers import edition_content, layer_ids
from msht_hub.generated.listings import ListingPlanner

pytestmark = sample_only  # the shipped sample's two fictional forces: a force's own library skips it


def test_the_sample_has_two_fictional_forces():
    project = load_project(CONFIG)
    assert len(layer_ids(project.root)) == 2


@pytest.mark.parametrize("force", layer_ids(load_project(CONFIG).root))
def test_each_sample_force_has_contacts_a_local_page_a_replacement_and_a_hidden_page(force):
    project = load_project(CONFIG)
    edition = edition_content(project.docs_dir, project.settings, force)
    assert edition is not None
    catalogue, glossary = read_content(edition.composition.docs_dir, edition.settings, project.root, layer=edition.composition)
    layer, settings = edition.composition.layer, edition.composition.layer.settings
    assert settings.contacts and settings.glossary and "fictional" in (settings.notice or "")
    assert all("fictional" in contact.name for contact in settings.contacts if contact.name != "Police non-emergency")
    origins = {uri: catalogue.provenance(uri).origin for uri in catalogue.published}
    local = [uri for uri, origin in origins.items() if origin == "local"]
    assert local and all("Fictional" in catalogue.documents[uri].meta.summary for uri in local)
    assert list(origins.values()).count("replaced") == 1 and list(origins.values()).count("national-copy") == 1
    assert len(edition.composition.hidden) == 1
    (hidden,) = edition.composition.hidden
    assert hidden in catalogue.excluded and "hidden in" in catalogue.excluded[hidden]
    assert {short for short in settings.glossary} <= {entry.short for entry in glossary}
    assert layer.folder.name == force
    planner = ListingPlanner(catalogue, str, project.settings.clock())
    shortcut_pages = {card.document.src_uri for role in settings.roles for card in planner.shortcuts(role)}
    assert set(local) & shortcut_pages  # a local procedure page is one of a role's shortcuts in the force's edition
