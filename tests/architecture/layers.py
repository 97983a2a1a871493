"""The import rules of ``app/`` as data, and a checker that reads imports from the source (AST).

Layers, bottom to top; a module may import from its own layer and the layers below it, never
above. Within a layer, packages must not import each other in a circle (no cycle at all between
packages of ``app/``). The README's "Layout" section describes the same layers.
"""

from __future__ import annotations

import ast
import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

# Top-level packages (or modules) of app/, by layer, bottom first. Every package not named here
# is a feature (layer "features").
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("foundation", frozenset({"config", "kit"})),
    ("models", frozenset({"models"})),
    ("rules", frozenset({"publication", "access"})),
    ("web", frozenset({"web"})),
    ("features", frozenset()),
    ("orchestration", frozenset({"jobs", "demo"})),
    ("entry", frozenset({"routers", "main", "cli"})),
)
FEATURES_LAYER = "features"

# Packages that are separate apps: they may import only these packages of the portal, and only
# the entry layer may import them.
ISOLATED: Mapping[str, frozenset[str]] = {
    "platform": frozenset({"config", "kit", "models", "web"}),  # the mock credit platform
}

# Face files: a module that defines a ``router`` must have one of these names.
FACES = frozenset({"pages", "api", "admin_pages", "admin_api"})
# Names that say "endpoint" without saying for whom: never used for a module of app/.
FORBIDDEN_NAMES = ("endpoints", "views", "routes", "workflow")

# Imports against the rules that are tolerated for now: (importer package, imported package).
# This list may only shrink (test_allow_list_only_holds_live_exceptions).
ALLOWED: frozenset[tuple[str, str]] = frozenset()


@dataclasses.dataclass(frozen=True)
class Import:
    source: str  # the importing module's file, relative to the project
    line: int
    importer: str  # top-level package of app/ that imports
    imported: str  # top-level package of app/ that is imported


def layer_of(package: str) -> str:
    for name, members in LAYERS:
        if package in members:
            return name
    return FEATURES_LAYER


def _index(layer: str) -> int:
    return [name for name, _ in LAYERS].index(layer)


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 else None


def read_imports(root: Path) -> list[Import]:
    """Every import of one top-level package of ``root/app`` by another (lazy imports too)."""
    found: list[Import] = []
    app = root / "app"
    for path in sorted(app.rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        importer = _top(module)
        if importer is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                imported = _top(name)
                if imported is not None and imported != importer:
                    rel = str(path.relative_to(root))
                    found.append(Import(rel, node.lineno, importer, imported))
    return found


def layer_violations(imports: Iterable[Import]) -> list[Import]:
    """Imports of a higher layer, and imports into or out of an isolated app."""
    bad = []
    for imp in imports:
        if (imp.importer, imp.imported) in ALLOWED:
            continue
        if imp.importer in ISOLATED:
            if imp.imported not in ISOLATED[imp.importer]:
                bad.append(imp)
            continue
        if imp.imported in ISOLATED:
            if layer_of(imp.importer) != "entry":
                bad.append(imp)
            continue
        if _index(layer_of(imp.imported)) > _index(layer_of(imp.importer)):
            bad.append(imp)
    return bad


def package_cycles(imports: Iterable[Import]) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        if (imp.importer, imp.imported) not in ALLOWED:
            edges[imp.importer].add(imp.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    nodes = set(edges) | {n for targets in edges.values() for n in targets}
    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return groups


def two_way_pairs(imports: Iterable[Import]) -> list[tuple[str, str]]:
    edges = {(i.importer, i.imported) for i in imports}
    return sorted({(min(a, b), max(a, b)) for a, b in edges if (b, a) in edges})


def misnamed_faces(root: Path) -> list[str]:
    """Modules of app/ that define a ``router`` but are not named as a face, and modules named
    with a forbidden word."""
    bad = []
    for path in sorted((root / "app").rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[1] in ISOLATED:
            continue
        stem = path.stem
        if any(word in stem for word in FORBIDDEN_NAMES):
            bad.append(f"{rel}: name says '{stem}'; use one of {sorted(FACES)}")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defines_router = any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "router" for t in node.targets)
            for node in tree.body
        )
        if defines_router and stem not in FACES:
            bad.append(f"{rel}: defines a router but is not a face file {sorted(FACES)}")
    return bad
