# ruff: noqa  (one-off helper of issue 17, kept so the cut can be re-run after other branches merge)
"""Step 1: list the imports inside functions and weigh each target (which heavy libraries importing it
loads, in a forked child). Writes plan.json. Usage: python tools/hoist/plan.py ROOT"""
from __future__ import annotations
import ast, json, os, subprocess, sys, importlib.util
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve()
APPLY = "--apply" in sys.argv
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
HEAVY = {"PySide6","cv2","numpy","reportlab","ctranslate2","argostranslate","pypdfium2","sqlcipher3","pypdf","stanza",
         "sentencepiece","onnxruntime","minisbd","stdnum","phonenumbers","babel","cryptography","argon2","PIL"}
MANUAL = {"volunteer_desk.__main__": "dispatch: imports only the entry point in use (app, CLI verb, child process)",
          "volunteer_desk.cli": "dispatch: `--version` and each verb import only what they need"}
sys.path.insert(0, str(ROOT))

def modname(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__": parts = parts[:-1]
    return ".".join(parts)

def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, AttributeError):
        return False

class Finder(ast.NodeVisitor):
    def __init__(self): self.stack=[]; self.found=[]; self.try_stack=[]
    def visit_FunctionDef(self, node): self.stack.append(node); self.generic_visit(node); self.stack.pop()
    visit_AsyncFunctionDef = visit_FunctionDef
    def visit_Try(self, node):
        catches = any(h.type is None or any(n in ast.unparse(h.type) for n in ("ImportError","ModuleNotFoundError","Exception")) for h in node.handlers)
        for stmt in node.body:
            self.try_stack.append(catches); self.visit(stmt); self.try_stack.pop()
        for part in (node.handlers, node.orelse, node.finalbody):
            for stmt in part: self.visit(stmt)
    def _imp(self, node):
        if self.stack: self.found.append((node, any(self.try_stack), self.stack[0]))
    visit_Import = _imp
    visit_ImportFrom = _imp

def targets(node, container: str, is_pkg: bool) -> list[tuple[str, str]]:
    """(bound name, module to import for the weight check)"""
    out = []
    if isinstance(node, ast.Import):
        for a in node.names:
            out.append((a.asname or a.name.split(".")[0], a.name))
    else:
        base = node.module or ""
        if node.level:
            pkg = container if is_pkg else container.rsplit(".", 1)[0]
            for _ in range(node.level - 1): pkg = pkg.rsplit(".", 1)[0]
            base = f"{pkg}.{base}" if base else pkg
        for a in node.names:
            sub = f"{base}.{a.name}"
            out.append((a.asname or a.name, sub if is_module(sub) else base))
    return out

files = sorted(p for p in (ROOT / "volunteer_desk").rglob("*.py"))
records = []
for path in files:
    src = path.read_text(encoding="utf-8"); tree = ast.parse(src)
    f = Finder(); f.visit(tree)
    container = modname(path)
    if ONLY and not container.startswith(ONLY): continue
    for node, optional, func in f.found:
        records.append(dict(path=str(path), container=container, lineno=node.lineno, end=node.end_lineno,
                            col=node.col_offset, text=ast.get_source_segment(src, node), optional=optional,
                            targets=targets(node, container, path.name == "__init__.py"), func=func.name))

mods = sorted({r["container"] for r in records} | {t for r in records for _, t in r["targets"]})
probe = r'''
import sys, os, json
HEAVY = set(json.loads(sys.argv[1])); out = {}
for m in sys.argv[2:]:
    r, w = os.pipe(); pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            __import__(m); res = sorted({k.split(".")[0] for k in sys.modules} & HEAVY)
        except BaseException as exc:
            res = "ERR " + type(exc).__name__ + ": " + str(exc)[:200]
        os.write(w, json.dumps(res).encode()); os._exit(0)
    os.close(w); data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk: break
        data += chunk
    os.waitpid(pid, 0); os.close(r); out[m] = json.loads(data or b'"ERR no output"')
print(json.dumps(out))
'''
env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
heavy = json.loads(subprocess.run([sys.executable, "-c", probe, json.dumps(sorted(HEAVY)), *mods], capture_output=True,
                                  text=True, env=env, cwd="/tmp").stdout)
plan = []
for r in records:
    reason = None; hoist = False
    ch = heavy.get(r["container"])
    if r["container"] in MANUAL: reason = MANUAL[r["container"]]
    elif r["optional"]: reason = "optional or platform-only module"
    elif isinstance(ch, str): reason = f"container fails to import: {ch}"
    else:
        extra = set()
        bad = [t for _, t in r["targets"] if isinstance(heavy.get(t), str)]
        if bad: reason = "platform-only module (" + ", ".join(bad) + ")"
        else:
            for _, t in r["targets"]: extra |= set(heavy[t]) - set(ch)
            if extra: reason = "keeps " + ", ".join(sorted(extra)) + " off this module's import"
            else: hoist = True
    r["hoist"] = hoist; r["reason"] = reason; plan.append(r)
json.dump(plan, open(str(Path(__file__).with_name("plan.json")), "w"), indent=1)
print(sum(r["hoist"] for r in plan), "to hoist,", sum(not r["hoist"] for r in plan), "to keep")
