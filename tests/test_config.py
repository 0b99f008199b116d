"""The committed server configuration keeps the safe, offline defaults the README promises."""

from __future__ import annotations

import ast
import shutil
import tomllib
from pathlib import Path

import pytest

from wbdash import web_assets
from wbdash.paths import REPO_ROOT
from wbdash.web_assets import STATIC_DIR, assets_ready, ensure_static_assets

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableStaticServing", True),
        ("server", "maxUploadSize", 1),
        ("server", "fileWatcherType", "none"),
        ("server", "address", "localhost"),  # not every interface: deploy behind the proxy (README)
        ("browser", "gatherUsageStats", False),
        ("client", "showErrorDetails", "none"),
        ("client", "showSidebarNavigation", False),  # the pages draw their own labelled menu
        ("runner", "postScriptGC", False),  # a full collection after every run cost ~150 ms (load test)
    ],
)
def test_safe_default(section, key, expected):
    assert CONFIG[section][key] == expected


def test_static_folder_holds_only_the_vendored_assets():
    ensure_static_assets()
    assert assets_ready()
    assert sorted(p.name for p in STATIC_DIR.iterdir()) == ["vendor"]
    assert sorted(p.name for p in (STATIC_DIR / "vendor").iterdir()) == ["leaflet"]
    assert sorted(p.name for p in (STATIC_DIR / "vendor" / "leaflet").iterdir() if p.is_file()) == [
        "leaflet.css", "leaflet.js"]


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.is_file()]  # temporary copies are dot files beside the target


def test_assets_are_copied_in_full_and_repaired(tmp_path):
    assert not assets_ready(tmp_path)
    vendor = ensure_static_assets(tmp_path)
    assert vendor == tmp_path / "vendor" and assets_ready(tmp_path)
    assert (vendor / "leaflet" / "images").is_dir() and any((vendor / "leaflet" / "images").iterdir())
    assert not _leftovers(tmp_path)
    script = vendor / "leaflet" / "leaflet.js"
    script.write_text(script.read_text(encoding="utf-8")[:100], encoding="utf-8")  # a truncated copy
    assert not assets_ready(tmp_path)
    (vendor / "jquery").mkdir()  # a folder earlier versions copied
    (vendor / "jquery" / "jquery.js").write_text("old", encoding="utf-8")
    ensure_static_assets(tmp_path)
    assert assets_ready(tmp_path) and not (vendor / "jquery").exists()
    (vendor / "leaflet" / "leaflet.css").unlink()
    assert not assets_ready(tmp_path)


def test_a_failed_copy_leaves_no_partial_file(tmp_path, monkeypatch):
    ensure_static_assets(tmp_path)
    script = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    script.write_text("// old version", encoding="utf-8")

    def disk_full(source, target, *args):
        target.write(source.read(10))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    with pytest.raises(OSError):
        ensure_static_assets(tmp_path)
    assert script.read_text(encoding="utf-8") == "// old version"  # the old file, not a truncated new one
    assert not _leftovers(tmp_path)
    monkeypatch.undo()
    ensure_static_assets(tmp_path)
    assert assets_ready(tmp_path)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    return names


def test_only_the_app_edge_imports_streamlit():
    package = REPO_ROOT / "wbdash"
    edge = package / "app"
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 10 and Path(web_assets.__file__).resolve() in {m.resolve() for m in modules}
    offenders = [str(path.relative_to(REPO_ROOT)) for path in modules
                 if edge not in path.parents
                 and any(name.split(".")[0] in ("streamlit", "streamlit_folium") for name in _imported_modules(path))]
    assert not offenders, offenders
    assert any("streamlit" in _imported_modules(path) for path in edge.rglob("*.py"))  # the check does see imports
