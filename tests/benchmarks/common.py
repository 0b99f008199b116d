"""Shared pieces of the benchmarks: a loopback Streamlit server, RSS readings, statistics, tables.

Nothing here asserts anything: the benchmarks print figures and the targets beside them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import REPO_ROOT, AppServer

DASHBOARD = "dashboard.py"
BARE_APP_TEXT = "hello"
MIB = 1024 * 1024


# --- the server ---------------------------------------------------------------------------------------

class LoopbackServer(AppServer):
    """The browser tests' AppServer, with its log in `log_dir` and the server's memory readable."""

    def __init__(self, script: str = DASHBOARD, options: dict[str, str] | None = None,
                 log_dir: Path | None = None):
        super().__init__(script, options=options)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = (log_dir or Path(tempfile.gettempdir())) / f"benchmark-server-{self.port}.log"

    @property
    def pid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid

    def rss_mib(self) -> float:
        return read_rss_mib(self.pid)


def read_rss_mib(pid: int) -> float:
    """Resident set size of `pid` in MiB, from /proc/<pid>/status (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


# --- reference apps and data ----------------------------------------------------------------------------

def write_bare_app(directory: Path) -> Path:
    """The floor: a Streamlit page with one line of text."""
    path = directory / "bare_app.py"
    path.write_text(f'import streamlit as st\n\nst.write("{BARE_APP_TEXT}")\n')
    return path


MAP_ONLY_APP = """\
import sys

sys.path.insert(0, {root!r})

import streamlit as st

from wbdash.app.maps import show_map
from wbdash.choropleth import build_map
from wbdash.dataset import load_dataset
from wbdash.describe import map_text


@st.cache_resource
def dataset():
    return load_dataset()


data = dataset()
indicator = data.registry[data.registry.default_map]
text = map_text(data, indicator, list(data.countries["iso2"]))
show_map(data, ("map-only",), lambda: build_map(data, indicator, text),
         key="overview_map", height=700, returned_objects=["last_active_drawing"])
"""


def write_map_only_app(directory: Path) -> Path:
    """The overview's map alone, through the same cached st_folium path: the component's own floor.

    Streamlit serves ./static beside the main script, so the Leaflet files are copied there too.
    """
    from wbdash.web_assets import ensure_static_assets

    ensure_static_assets(directory / "static")
    path = directory / "map_only_app.py"
    path.write_text(MAP_ONLY_APP.format(root=str(REPO_ROOT)))
    return path


def build_unsimplified_boundaries(directory: Path) -> Path:
    """Natural Earth boundaries as the project's build script makes them, without simplification."""
    output = directory / "boundaries.geojson"
    subprocess.run(
        [sys.executable, "geo/build_boundaries.py", "--tolerance", "0", "--output", str(output)],
        cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return output


# --- statistics and printing ----------------------------------------------------------------------------

def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1); NaN when there is nothing to rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Row:
    figure: str
    value: str
    reference: str = ""
    ratio: str = ""
    target: str = ""


def ratio_text(value: float, reference: float) -> str:
    return f"{value / reference:.2f}x" if reference else ""


MEDIAN_HEADER = Row("figure", "median", "reference (median)", "ratio", "target")


def format_table(title: str, rows: Sequence[Row], header: Row = MEDIAN_HEADER) -> str:
    return format_grid(title, [[r.figure, r.value, r.reference, r.ratio, r.target] for r in (header, *rows)])


def format_grid(title: str, lines: Sequence[Sequence[str]]) -> str:
    """A titled plain-text table; the first line is the header."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = [title, "-" * len(title)]
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def kb(size: float) -> str:
    """Bytes as kB (1 kB = 1000 bytes, the unit of the targets)."""
    return f"{size / 1000:.1f} kB"


def mib(size: float) -> str:
    return f"{size:.1f} MiB"
