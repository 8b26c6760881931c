"""Gives the content build's imports and exports one- or two-letter names.

The names wasm-bindgen gives them (`__wbg_getAttribute_c7b80d4010284561`...)
are shipped twice, in the .wasm and in the glue, into every portal page, and
their hashes do not compress. binaryen's minify-imports-and-exports-and-modules
pass renames them in the .wasm and prints the mapping; this applies it to the
glue wasm-bindgen wrote for that .wasm.

Usage: minify_names.py MAPPING.json GLUE.js

The build fails if a name of the mapping is missing from the glue, or if the
glue still calls an export the .wasm no longer has, so a wasm-bindgen update
cannot break the glue silently.
"""

import json
import re
import sys

mapping_path, glue_path = sys.argv[1:3]
mapping = json.load(open(mapping_path, encoding="utf-8"))
glue = open(glue_path, encoding="utf-8").read()

for _module, old, new in mapping["imports"]:
    pattern = re.compile(rf"\bexport function {re.escape(old)}\(")
    glue, count = pattern.subn(f"export function {new}(", glue)
    if count != 1:
        sys.exit(f"{glue_path}: the import {old} is not defined once in the glue")
    if re.search(rf"\b{re.escape(old)}\b", glue):
        sys.exit(f"{glue_path}: the import {old} is used in the glue beyond its definition")

renamed = dict((old, new) for old, new in mapping["exports"])
glue = re.sub(r"\bwasm\.(\w+)\b", lambda m: f"wasm.{renamed.get(m.group(1), m.group(1))}", glue)
exports = set(renamed.values())
unknown = sorted({m.group(1) for m in re.finditer(r"\bwasm\.(\w+)\b", glue)} - exports)
if unknown:
    sys.exit(f"{glue_path}: the glue calls exports the .wasm does not have: {', '.join(unknown)}")
open(glue_path, "w", encoding="utf-8").write(glue)
