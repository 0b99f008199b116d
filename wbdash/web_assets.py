"""Serve Leaflet from its installed XStatic package instead of a CDN.

Streamlit's static serving only follows files that really sit in ./static (it refuses symlinks
resolving elsewhere), so the files are copied there once, before the server starts
(`python -m wbdash prepare-assets`, which `bootstrap start` and `bootstrap test` run). Serving
readers never writes into the checkout, so a read-only deployment works once the assets exist.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

from wbdash.paths import REPO_ROOT

STATIC_DIR = REPO_ROOT / "static"
# The streamlit-folium iframe lives at /component/<name>/index.html; two levels up is the app
# root, and relative URLs also survive a server.baseUrlPath.
ASSET_URL_BASE = "../../app/static/vendor"

_FILES: dict[str, Path] = {
    "leaflet/leaflet.js": Path(xleaflet.BASE_DIR) / "leaflet.js",
    "leaflet/leaflet.css": Path(xleaflet.BASE_DIR) / "leaflet.css",
}
_DIRECTORIES: dict[str, Path] = {"leaflet/images": Path(xleaflet.BASE_DIR) / "images"}

LEAFLET_JS = f"{ASSET_URL_BASE}/leaflet/leaflet.js"
LEAFLET_CSS = f"{ASSET_URL_BASE}/leaflet/leaflet.css"
LEAFLET_IMAGES = f"{ASSET_URL_BASE}/leaflet/images/"


def ensure_static_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the vendored web assets into static_dir/vendor (only files that changed; stale ones removed)."""
    vendor = static_dir / "vendor"
    wanted = {vendor / relative for relative in (*_FILES, *_DIRECTORIES)}
    if vendor.is_dir():
        for entry in vendor.iterdir():  # e.g. the jquery/ folder earlier versions copied
            if entry.is_dir() and not any(path == entry or entry in path.parents for path in wanted):
                shutil.rmtree(entry)
    for relative, source in _FILES.items():
        _copy_if_changed(source, vendor / relative)
    for relative, source in _DIRECTORIES.items():
        for file in source.iterdir():
            if file.is_file():
                _copy_if_changed(file, vendor / relative / file.name)
    return vendor


def assets_ready(static_dir: Path = STATIC_DIR) -> bool:
    """True when every vendored file is in place, readable, and identical to the installed package's copy."""
    vendor = static_dir / "vendor"
    pairs = [(source, vendor / relative) for relative, source in _FILES.items()]
    pairs += [(file, vendor / relative / file.name) for relative, source in _DIRECTORIES.items()
              for file in source.iterdir() if file.is_file()]
    try:
        return all(target.is_file() and filecmp.cmp(source, target, shallow=False) for source, target in pairs)
    except OSError:  # unreadable by the server's user: as good as missing, and said so on the page
        return False


PUBLIC_FILE_MODE = 0o644  # served files: readable by whichever user runs the server


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place: a full disk leaves no truncated file behind.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out)
        os.chmod(temporary, PUBLIC_FILE_MODE)  # mkstemp makes it 0600: another server user could not read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
