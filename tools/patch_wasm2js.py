"""Fixes wasm2js memory growth for wasm-bindgen's glue.

wasm2js grows memory by copying into a new ArrayBuffer but leaves the old one
attached; wasm-bindgen's glue only refreshes its cached views when the old
buffer is detached, so after a growth strings came back truncated or empty.
Detaching the old buffer after the copy fixes it. The build fails if the
code to patch is not found, so a binaryen update cannot drop the fix silently.
"""

import sys

path = sys.argv[1]
source = open(path, encoding="utf-8").read()
anchor = "   buffer = newBuffer;\n"
fix = (
    "   var oldBuffer = buffer;\n"
    "   buffer = newBuffer;\n"
    "   structuredClone(oldBuffer, { transfer: [oldBuffer] });\n"
)
if source.count(anchor) != 1:
    sys.exit(f"{path}: wasm2js memory growth code not found; cannot apply the fix")
open(path, "w", encoding="utf-8").write(source.replace(anchor, fix))
