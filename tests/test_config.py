"""The committed server configuration keeps the safe, offline defaults the README promises."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableStaticServing", True),
        ("server", "maxUploadSize", 1),
        ("server", "fileWatcherType", "none"),
        ("browser", "gatherUsageStats", False),
        ("client", "showErrorDetails", "none"),
        ("runner", "postScriptGC", False),  # a full collection after every run cost ~150 ms (load test)
    ],
)
def test_safe_default(section, key, expected):
    assert CONFIG[section][key] == expected


def test_static_folder_holds_only_the_vendored_assets():
    from wbdash.web_assets import STATIC_DIR, ensure_static_assets

    ensure_static_assets()
    assert sorted(p.name for p in STATIC_DIR.iterdir()) == ["vendor"]
    assert sorted(p.name for p in (STATIC_DIR / "vendor").iterdir()) == ["leaflet"]
