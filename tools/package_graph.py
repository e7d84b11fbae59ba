"""Print the package graph: for each package of volunteer_desk, which other packages it imports.

Usage: ``python tools/package_graph.py`` (from a checkout; ``PYTHONPATH=.``). Top-level modules
(``cli``, ``demo``…) count as their own package. An edge made only by a package's command-line adapter
(``<package>/cli.py``, ``family/trajectory_cli.py``: the CLI layer, kept next to the code it drives) is
marked ``(cli)``. Used for issue 17's before/after note.
"""

from __future__ import annotations

import sys

import grimp


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(root)"


def is_cli_adapter(module: str) -> bool:
    """Before the verbs moved into cli/ (issue 17), each package had its own ``cli.py``."""
    parts = module.split(".")
    return len(parts) > 2 and parts[-1] in ("cli", "trajectory_cli")


def package_graph(root: str = "volunteer_desk") -> dict[str, dict[str, bool]]:
    """{package: {imported package: True when some module other than a CLI adapter imports it}}."""
    graph = grimp.build_graph(root)
    edges: dict[str, dict[str, bool]] = {}
    for module in graph.modules:
        source = package_of(module)
        edges.setdefault(source, {})
        for imported in graph.find_modules_directly_imported_by(module):
            target = package_of(imported)
            if target != source and target != "(root)":
                edges[source][target] = edges[source].get(target, False) or not is_cli_adapter(module)
    return edges


def main() -> int:
    edges = package_graph()
    width = max(map(len, edges))
    for source in sorted(edges):
        targets = [t if core else f"{t} (cli)" for t, core in sorted(edges[source].items())]
        print(f"{source:<{width}}  -> {', '.join(targets) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
