"""Where the project's files live, resolved from the package location (not the working directory)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
GEO_DIR = REPO_ROOT / "geo"
BOUNDARIES_FILE = GEO_DIR / "boundaries.geojson"
COUNTRIES_FILE = "countries.csv"
FACTS_FILE = "facts.csv"
SOURCES_FILE = "sources.csv"
REGION_FILE = "region.csv"
PLACES_FILE = "places.csv"
CONFLICTS_FILE = "conflicts.csv"
DATA_DIR_VARIABLE = "WBDASH_DATA_DIR"  # another data folder, for the dashboard and `validate` alike
