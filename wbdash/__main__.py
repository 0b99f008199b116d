"""Command line: `python -m wbdash validate` checks the data files after an edit; `prepare-assets` vendors Leaflet;
`catalogs` compiles the translations (`--update` first merges changed English into them).

`validate` checks the folder the dashboard would use (WBDASH_DATA_DIR when set), and with `--sources DIR`
also finds every evidence phrase in the text of its source document.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from wbdash.paths import BOUNDARIES_FILE, DATA_DIR, DATA_DIR_VARIABLE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wbdash")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check data/ and the boundaries; list every problem")
    validate.add_argument("--data-dir", type=Path, default=Path(os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR),
                          help=f"default: ${DATA_DIR_VARIABLE} when set (as the dashboard), else data/")
    validate.add_argument("--boundaries", type=Path, default=BOUNDARIES_FILE)
    validate.add_argument("--sources", type=Path, default=None,
                          help="folder holding the source documents' text: every evidence phrase must occur in it")
    commands.add_parser("prepare-assets", help="copy Leaflet into ./static for Streamlit's static serving (once)")
    catalogs = commands.add_parser("catalogs", help="compile the translation catalogs (.po -> .mo) and report gaps")
    catalogs.add_argument("--update", action="store_true",
                          help="first extract the English from the content files and merge it into every .po")
    catalogs.add_argument("--data-dir", type=Path, default=Path(os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR))
    args = parser.parse_args(argv)

    if args.command == "catalogs":
        return _catalogs(args.data_dir, args.update)

    if args.command == "prepare-assets":
        from wbdash.web_assets import ensure_static_assets

        print(f"Web assets ready in {ensure_static_assets()}")
        return 0

    from wbdash.dataset import load_dataset
    from wbdash.errors import DataValidationError, JoinError
    from wbdash.evidence import check, collect, document_file
    from wbdash.validate import load_tables

    print(f"Checking {args.data_dir}")
    try:
        dataset = load_dataset(args.data_dir, args.boundaries)
        if args.sources is not None:
            tables = load_tables(args.data_dir)
            frames = {"countries.csv": tables.countries, "facts.csv": tables.facts, "region.csv": tables.region,
                      "status_history.csv": tables.status_history}
            items = collect(tables.registry, frames, tables.line_numbers, dataset.content.definitions)
            issues = check(items, tables.sources, args.sources)
            if issues:
                raise DataValidationError(issues)
            offline = [i for i in items if document_file(tables.sources, i.source_id)]
            print(f"OK: all {len(offline)} evidence phrases quoting the source documents found in their text in "
                  f"{args.sources}; {len(items) - len(offline)} more quote web pages, whose text is not kept here.")
    except (DataValidationError, JoinError) as exc:
        print(exc, file=sys.stderr)
        return 1
    from wbdash.i18n import load_languages, load_translations
    from wbdash.localise import localise

    languages = load_languages(args.data_dir)
    try:
        for language in languages.all:  # a translation that breaks a placeholder is a data error too
            localise(dataset, language, load_translations(args.data_dir, language.locale))
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"OK: {len(dataset.countries)} countries joined to boundaries, "
        f"{len(dataset.context)} context countries, {len(dataset.facts)} facts, "
        f"{len(dataset.sources)} sources; {len(languages.all)} languages."
    )
    return 0


def _catalogs(data_dir: Path, update: bool) -> int:
    from wbdash.catalogs import compile_all, update_catalogs

    if update:
        update_catalogs(data_dir)
    reports = compile_all(data_dir)
    for report in reports:
        done = report.total - sum(p.startswith("not translated") for p in report.problems)
        print(f"{report.language.code}: {done}/{report.total} messages translated, {len(report.problems)} to fix")
        for problem in report.problems[:20]:
            print(f"  {problem}")
    return 1 if any(report.problems for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
