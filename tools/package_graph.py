"""Print the package graph: for each package of volunteer_desk, which other packages it imports.

Usage: ``python tools/package_graph.py`` (from a checkout; ``PYTHONPATH=.``). Top-level modules
(``app``, ``cli``, ``demo``…) count as their own package. Used for issue 17's before/after note.
"""

from __future__ import annotations

import sys

import grimp


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(root)"


def package_graph(root: str = "volunteer_desk") -> dict[str, set[str]]:
    graph = grimp.build_graph(root)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        source = package_of(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = package_of(imported)
            if target != source and target != "(root)":
                edges[source].add(target)
    return edges


def main() -> int:
    edges = package_graph()
    width = max(map(len, edges))
    for source in sorted(edges):
        print(f"{source:<{width}}  -> {', '.join(sorted(edges[source])) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
