"""Writes a browser's manifest from the top-level manifest.json.

Usage: manifest.py chromium|firefox SOURCE DEST

Chromium runs the background as a service worker and warns about Gecko keys;
Firefox MV3 ignores `service_worker` and wants `background.scripts`.
"""

import json
import sys

browser, source, dest = sys.argv[1:4]
manifest = json.load(open(source, encoding="utf-8"))
background = manifest["background"]
if browser == "chromium":
    manifest.pop("browser_specific_settings", None)
elif browser == "firefox":
    manifest["background"] = {
        "scripts": [background["service_worker"]],
        "type": background.get("type", "classic"),
    }
else:
    sys.exit(f"unknown browser {browser!r}: expected chromium or firefox")
with open(dest, "w", encoding="utf-8") as out:
    json.dump(manifest, out, indent=2)
    out.write("\n")
