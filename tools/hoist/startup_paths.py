# ruff: noqa  (one-off helper of issue 17)
"""Step 3: which heavy libraries and how many project modules each start-up path loads (--version,
each verb's --help, an ocr run, the GUI's first frame, the child processes). Compare with the
result on the old tree. Usage: python tools/hoist/startup_paths.py ROOT [OUT.json]"""
import json, os, subprocess, sys, tempfile
ROOT = sys.argv[1]
H = ["PySide6","cv2","numpy","reportlab","ctranslate2","argostranslate","pypdfium2","sqlcipher3","pypdf","stanza",
     "sentencepiece","uharfbuzz","babel","phonenumbers","stdnum","PIL","bidi","cryptography","argon2","onnxruntime","minisbd","arabic_reshaper"]
TAIL = f"import sys, json; print('@@', json.dumps([sorted({{m.split('.')[0] for m in sys.modules}} & set({H!r})), sorted(m for m in sys.modules if m.startswith('volunteer_desk'))]))"
tmp = tempfile.mkdtemp()
from PIL import Image, ImageDraw
img = Image.new("L", (400, 120), 255); ImageDraw.Draw(img).text((10, 40), "Bonjour Madame", fill=0); img.save(f"{tmp}/p.png")
CLI = ("import sys, contextlib, io\nfrom volunteer_desk.cli import main\n"
       "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
       "    try:\n        main(sys.argv[1:])\n    except SystemExit:\n        pass\n")
paths = {
  "--version": (CLI, ["--version"]),
  "--help": (CLI, ["--help"]),
  "ocr --help": (CLI, ["ocr", "--help"]),
  "ocr page": (CLI, ["ocr", f"{tmp}/p.png", "--lang", "fra"]),
  "packet --help": (CLI, ["packet", "--help"]),
  "vault --help": (CLI, ["vault", "--help"]),
  "sheet --help": (CLI, ["sheet", "--help"]),
  "forms --help": (CLI, ["forms", "--help"]),
  "translate --help": (CLI, ["translate", "--help"]),
  "rules --help": (CLI, ["rules", "--help"]),
  "modelpack --help": (CLI, ["modelpack", "--help"]),
  "trajectory --help": (CLI, ["trajectory", "--help"]),
  "facts --help": (CLI, ["facts", "--help"]),
  "demo --help": (CLI, ["demo", "--help"]),
  "gui first frame": ("import os\nos.environ['QT_QPA_PLATFORM']='offscreen'\nimport sys\n"
      "m = __import__('volunteer_desk.ui.main' if os.path.exists(sys.argv[1] + '/volunteer_desk/ui/main.py') else 'volunteer_desk.app', fromlist=['x'])\n"
      "from pathlib import Path\napp = m.make_app([])\ns = m.build_services(Path(sys.argv[2]))\nw = m.build_window(s)\nw.show()\napp.processEvents()\n"
      "s.runner.shutdown()\n", [ROOT, f"{tmp}/vault"]),
  "parse child import": ("import volunteer_desk.letters.sandbox_child\n", []),
  "probe child import": ("import volunteer_desk.translation.probe\n", []),
}
env = {**os.environ, "PYTHONPATH": ROOT, "OMP_THREAD_LIMIT": "1", "VOLUNTEER_DESK_DATA": f"{tmp}/d", "VOLUNTEER_DESK_CONFIG": f"{tmp}/c"}
res = {}
for name, (code, args) in paths.items():
    out = subprocess.run([sys.executable, "-c", code + TAIL, *args], capture_output=True, text=True, env=env, cwd=tmp, timeout=300)
    line = [l for l in out.stdout.splitlines() if l.startswith("@@")]
    res[name] = json.loads(line[0][3:]) if line else ["ERROR " + out.stderr[-300:], []]
json.dump(res, open(sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout", "w"))
for k, (h, vd) in res.items():
    print(f"{k:22} {len(vd):3d} vd  {h}")
