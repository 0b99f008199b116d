"""Command line: `python -m wbdash validate` checks the data files after an edit; `prepare-assets` vendors Leaflet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wbdash.paths import BOUNDARIES_FILE, DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wbdash")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check data/ and the boundaries; list every problem")
    validate.add_argument("--data-dir", type=Path, default=DATA_DIR)
    validate.add_argument("--boundaries", type=Path, default=BOUNDARIES_FILE)
    commands.add_parser("prepare-assets", help="copy Leaflet into ./static for Streamlit's static serving (once)")
    args = parser.parse_args(argv)

    if args.command == "prepare-assets":
        from wbdash.web_assets import ensure_static_assets

        print(f"Web assets ready in {ensure_static_assets()}")
        return 0

    from wbdash.dataset import load_dataset
    from wbdash.errors import DataValidationError, JoinError

    try:
        dataset = load_dataset(args.data_dir, args.boundaries)
    except (DataValidationError, JoinError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"OK: {len(dataset.countries)} countries joined to boundaries, "
        f"{len(dataset.context)} context countries, {len(dataset.facts)} facts, "
        f"{len(dataset.sources)} sources."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
