"""The layers of app/ hold: no import against the layer order, no cycle between packages, face
files named as the README's Layout section says, and every feature's faces included."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import routers
from tests.architecture.layers import (
    ALLOWED,
    FACES,
    Import,
    layer_of,
    layer_violations,
    misnamed_faces,
    package_cycles,
    read_imports,
    two_way_pairs,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return read_imports(ROOT)


def test_no_import_goes_up_a_layer(imports: list[Import]) -> None:
    bad = [f"{i.source}:{i.line} {i.importer} -> {i.imported}" for i in layer_violations(imports)]
    assert bad == []


def test_no_cycle_between_packages(imports: list[Import]) -> None:
    assert package_cycles(imports) == []
    assert two_way_pairs(imports) == []


def test_allow_list_only_holds_live_exceptions(imports: list[Import]) -> None:
    """An allowed exception that no import needs any more must leave the list."""
    live = {(i.importer, i.imported) for i in imports}
    assert sorted(ALLOWED - live) == []


def test_face_files_are_named_for_what_they_serve() -> None:
    assert misnamed_faces(ROOT) == []


def test_every_package_with_a_face_is_a_listed_feature() -> None:
    app = ROOT / "app"
    with_faces = {
        p.parent.name
        for face in FACES
        for p in app.glob(f"*/{face}.py")
        if layer_of(p.parent.name) == "features" and p.parent.name != "platform"
    }
    assert sorted(with_faces - set(routers.FEATURES)) == []
    assert sorted(set(routers.FEATURES) - with_faces - {"credit"}) == []  # credit: panels only


def _imp(importer: str, imported: str) -> Import:
    return Import(f"app/{importer}/x.py", 1, importer, imported)


def test_the_checker_finds_an_import_up_a_layer() -> None:
    found = layer_violations([_imp("kit", "penalties"), _imp("models", "web")])
    assert [(i.importer, i.imported) for i in found] == [("kit", "penalties"), ("models", "web")]
    assert layer_violations([_imp("penalties", "kit"), _imp("web", "access")]) == []


def test_the_checker_finds_a_cycle_between_features() -> None:
    graph = [_imp("lists", "penalties"), _imp("penalties", "repairs"), _imp("repairs", "lists")]
    assert package_cycles(graph) == [["lists", "penalties", "repairs"]]
    assert two_way_pairs([_imp("a", "b"), _imp("b", "a")]) == [("a", "b")]


def test_the_checker_keeps_the_mock_platform_apart() -> None:
    found = layer_violations([_imp("platform", "penalties"), _imp("sync", "platform")])
    assert len(found) == 2
    assert layer_violations([_imp("platform", "kit"), _imp("cli", "platform")]) == []


def test_the_checker_finds_a_misnamed_face(tmp_path: Path) -> None:
    feature = tmp_path / "app" / "thing"
    feature.mkdir(parents=True)
    (feature / "endpoints.py").write_text("router = 1\n")
    (feature / "public.py").write_text("router = 1\n")
    (feature / "pages.py").write_text("router = 1\n")
    assert len(misnamed_faces(tmp_path)) == 2
