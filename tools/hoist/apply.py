# ruff: noqa  (one-off helper of issue 17)
"""Step 2: hoist to the top what plan.json says costs nothing at start-up; keep the rest with a
``# lazy: <why>`` comment. keep.json overrides ("module|line", "module->target" or "module": reason,
"" = hoist, "SKIP" = leave untouched). startup_before.json (from startup_paths.py on the old tree)
guards the --version, ocr and first-frame paths. Then: ruff check --fix --select I,F401,F811 volunteer_desk.
Usage: python tools/hoist/apply.py ROOT tools/hoist/keep.json"""
from __future__ import annotations
import ast, json, sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(sys.argv[1])
plan = json.load(open(str(Path(__file__).with_name("plan.json"))))
keep = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else {}
# keep: {"container|lineno": reason} or {"container": reason} or {"container->target": reason}
ALWAYS_KEEP = {}

LIBS = {"sqlcipher3": "the vault (sqlcipher3)", "PySide6": "Qt", "argon2": None, "cryptography": None}

def wording(container, reason):
    if not reason or not reason.endswith("off this module's import"):
        return reason
    if container == "volunteer_desk.modelpack.signing":
        return "the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs"
    libs = reason[len("keeps "):].split(" off ")[0].split(", ")
    if "sqlcipher3" not in libs and "cryptography" in libs:
        LIBS_ = {**LIBS, "cryptography": "cryptography"}
    else:
        LIBS_ = LIBS
    libs = ", ".join(x for x in (LIBS_.get(l, l) for l in libs) if x)
    if container.endswith((".cli", "trajectory_cli")) or container in ("volunteer_desk.demo", "volunteer_desk.cli_common"):
        return f"keeps `VERB --help` free of {libs}"
    if container.startswith("volunteer_desk.ui."):
        return f"keeps {libs} off the first frame"
    return f"keeps {libs} out of start-up until this runs"

BEFORE = json.load(open(Path(__file__).with_name("startup_before.json")))
GUARDED = {"gui first frame": "the first frame", "--version": "`volunteer-desk --version`", "ocr --help": "`volunteer-desk ocr`", "ocr page": "`volunteer-desk ocr`"}

def merge(reasons):
    import re
    if len(reasons) == 1:
        return reasons[0]
    m = [re.match(r"(.*? (?:free of|keeps)) (.*?)( off the first frame.*| out of start-up.*|)$", r) for r in reasons]
    if all(m) and len({x.group(1) for x in m}) == 1 and len({x.group(3) for x in m}) == 1:
        libs = []
        for x in m:
            for lib in x.group(2).split(", "):
                if lib not in libs:
                    libs.append(lib)
        return f"{m[0].group(1)} {', '.join(libs)}{m[0].group(3)}"
    return "; ".join(reasons)


def reason_for(r):
    reason = wording(r["container"], _reason_for(r))
    if reason is not None:
        return reason
    for path, label in GUARDED.items():
        loaded = set(BEFORE[path][1])
        if r["container"] in loaded:
            missing = [t for _, t in r["targets"] if t.startswith("volunteer_desk") and t not in loaded]
            if missing:
                names = ', '.join(m.replace('volunteer_desk.', '') for m in missing)
                if label == "the first frame":
                    return f"keeps {names} off the first frame (loaded when first used or by the background warm-up)"
                return f"keeps {label} start-up free of {names} (issue 21)"
    return None

def _reason_for(r):
    if r["container"] in ALWAYS_KEEP: return ALWAYS_KEEP[r["container"]]
    for key in (f'{r["container"]}|{r["lineno"]}', *[f'{r["container"]}->{t}' for _, t in r["targets"]], r["container"]):
        if key in keep: return keep[key] or None
    if r["container"] == "volunteer_desk.__main__" or r["container"] == "volunteer_desk.cli" or r["optional"]:
        return r["reason"]
    return r["reason"]

by_file = defaultdict(list)
for r in plan:
    by_file[r["path"]].append(r)
report = []
for path, recs in by_file.items():
    src = Path(path).read_text(encoding="utf-8")
    lines = src.splitlines(keepends=True)
    tree = ast.parse(src)
    top_names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            top_names[node.name] = "def"
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                n = a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name)
                top_names[n] = ast.unparse(node) if isinstance(node, ast.Import) else f"{'.' * node.level}{node.module}:{a.name}"
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                for n in ast.walk(t):
                    if isinstance(n, ast.Name): top_names[n.id] = "assign"
    hoisted_names = {}
    remove = set(); add = []; comments = {}
    for r in sorted(recs, key=lambda r: r["lineno"]):
        reason = reason_for(r)
        node_src = "".join(lines[r["lineno"] - 1:r["end"]])
        node = ast.parse(node_src.strip()).body[0]
        if reason is None:
            # name collisions
            clash = False
            for a in node.names:
                n = a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name)
                ident = ast.unparse(node) if isinstance(node, ast.Import) else f"{'.' * node.level}{node.module}:{a.name}"
                if isinstance(node, ast.Import): ident = "import " + a.name
                prev = top_names.get(n) or hoisted_names.get(n)
                if prev is not None and prev != ident and not (isinstance(node, ast.Import) and str(prev).startswith("import")):
                    clash = True
                hoisted_names.setdefault(n, ident)
            if clash:
                reason = "COLLISION"
        line0 = lines[r["lineno"] - 1]
        if reason is None and (";" in node_src or not line0.strip().startswith(("import ", "from "))):
            reason = "COMPLEX"
        if reason is None:
            remove.update(range(r["lineno"] - 1, r["end"]))
            add.append(ast.unparse(node))
            report.append(("hoist", r["container"], r["lineno"], ast.unparse(node)))
        else:
            report.append(("keep", r["container"], r["lineno"], ast.unparse(node), reason))
            comments[r["lineno"] - 1] = reason
    if not remove and not comments:
        continue
    out = []
    for i, line in enumerate(lines):
        if i in remove:
            continue
        if line.strip() == "" and (i - 1) in remove:
            # the blank line after a removed import block goes when the block opened the body (def line
            # before it) or when a blank line already precedes it
            j = i - 1
            while j in remove:
                j -= 1
            prev = out[-1] if out else ""
            if prev.strip() == "" or prev.rstrip().endswith((":", "\"\"\"")):
                continue
        if i in comments and (i - 1) in comments and comments[i - 1] not in ("SKIP",):
            pass  # one comment for a block of kept imports (merged into the first)
        elif i in comments and "# lazy:" not in line and "# lazy:" not in (lines[i - 1] if i else ""):
            indent = line[: len(line) - len(line.lstrip())]
            if comments[i] not in ("COLLISION", "COMPLEX", "SKIP"):
                j, reasons = i, []
                while j in comments:
                    if comments[j] not in reasons:
                        reasons.append(comments[j])
                    j += 1
                out.append(f"{indent}# lazy: {merge(reasons)}\n")
        out.append(line)
    if add:
        text = "".join(out)
        tree2 = ast.parse(text)
        body = tree2.body
        idx = 0
        insert_after = 0
        for j, node in enumerate(body):
            if j == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                insert_after = node.end_lineno; continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                insert_after = node.end_lineno; continue
            break
        outl = text.splitlines(keepends=True)
        block = "".join(f"{a}\n" for a in dict.fromkeys(add))
        outl.insert(insert_after, block)
        out = outl
    Path(path).write_text("".join(out), encoding="utf-8")
json.dump(report, open(str(Path(__file__).with_name("report.json")), "w"), indent=1)
import collections
print(collections.Counter(r[0] if r[0] == "hoist" else r[4] if r[4] in ("COLLISION", "COMPLEX") else "keep" for r in report))
