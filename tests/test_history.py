"""The status history: statuses at chosen dates, the rules of the file, and the dataset as of a month."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from wbdash.as_of import dataset_at, month_bounds
from wbdash.dataset import load_dataset
from wbdash.describe import indicator_as_of, map_text
from wbdash.errors import DataValidationError
from wbdash.history import effective_month, month_text, parse_month
from wbdash.profile import headline
from wbdash.schema import HISTORY_FILE

# Written from the cited sources (data/sources.csv), not from the history file: (country, indicator, month,
# status at the end of that month). None: no status recorded yet at that date.
EXPECTED = [
    ("AL", "nato", "1994-01", None),  # before the Partnership for Peace (Albanian MFA: 23 February 1994)
    ("AL", "nato", "1994-02", "none"),
    ("AL", "nato", "1999-04", "Membership Action Plan"),  # Washington summit, 24 April 1999
    ("AL", "nato", "2009-03", "Membership Action Plan"),
    ("AL", "nato", "2009-04", "member"),  # NATO: member on 1 April 2009
    ("AL", "eu", "2014-05", "potential candidate"),
    ("AL", "eu", "2014-06", "candidate"),  # European Council, 27 June 2014
    ("AL", "cni", "2020-07", None),  # the Clean Network was launched on 5 August 2020
    ("AL", "cni", "2020-09", "not signed"),
    ("AL", "cni", "2020-10", "signed"),  # pledge reported on 2 October 2020
    ("BA", "eu", "2022-11", "potential candidate"),
    ("BA", "eu", "2022-12", "candidate"),  # European Council, 15 December 2022
    ("BA", "nato", "2010-03", "none"),
    ("BA", "nato", "2010-04", "Membership Action Plan"),  # Tallinn, 22 April 2010
    ("XK", "eu", "2023-05", "potential candidate"),
    ("XK", "nato", "2015-01", "none"),
    ("XK", "cni", "2020-09", "not signed"),  # the Washington commitments of 4 September are not a signature
    ("XK", "cni", "2020-10", "signed"),  # 5G memorandum, 23 October 2020
    ("ME", "eu", "2010-11", "potential candidate"),
    ("ME", "eu", "2010-12", "candidate"),  # European Council, 17 December 2010
    ("ME", "nato", "2009-11", "none"),
    ("ME", "nato", "2009-12", "Membership Action Plan"),
    ("ME", "nato", "2017-05", "Membership Action Plan"),
    ("ME", "nato", "2017-06", "member"),  # 5 June 2017
    ("ME", "cni", "2026-11", "not signed"),
    ("MK", "eu", "2005-11", "potential candidate"),
    ("MK", "eu", "2005-12", "candidate"),  # European Council of 17 December 2005
    ("MK", "nato", "2020-02", "Membership Action Plan"),
    ("MK", "nato", "2020-03", "member"),  # 27 March 2020
    ("RS", "eu", "2012-02", "potential candidate"),
    ("RS", "eu", "2012-03", "candidate"),  # European Council, 1 March 2012
    ("RS", "nato", "2006-11", None),
    ("RS", "nato", "2006-12", "none"),  # Partnership for Peace, 14 December 2006
    ("RS", "cni", "2023-05", "not signed"),
]


@pytest.mark.parametrize(("country", "indicator", "month", "status"), EXPECTED)
def test_status_at_a_date_is_what_the_sources_say(dataset, country, indicator, month, status):
    deciding = dataset.history.status_at(country, indicator, parse_month(month))
    assert (deciding.status if deciding else None) == status


def test_every_country_has_every_timeline_from_a_first_milestone(dataset):
    for code in dataset.countries["iso2"]:
        for indicator in dataset.registry.timelines():
            assert dataset.history.lane(code, indicator.key), (code, indicator.key)


def test_months_are_parsed_strictly():
    assert month_text(parse_month("2015-01")) == "2015-01"
    for bad in ("2015", "2015-1", "2015-13", "2015-00", "2015-01-01", "15-01", " 2015-01", "<script>"):
        assert parse_month(bad) is None, bad


def test_a_year_only_date_applies_from_december():
    assert month_text(effective_month("1999", "year")) == "1999-12"
    assert month_text(effective_month("1999-04", "month")) == "1999-04"
    assert month_text(effective_month("1999-04-24", "day")) == "1999-04"


def test_since_is_the_start_of_the_current_status(dataset):
    assert dataset.history.since("ME", "eu", dataset.brief_month).date == "2010-12-17"
    assert dataset.history.since("AL", "nato", dataset.brief_month).date == "2009-04-01"
    assert dataset.history.since("RS", "nato", parse_month("2006-11")) is None


def test_headline_says_since_when(dataset):
    items = {item.label: item for item in headline(dataset, "ME")}
    assert items["EU status"].since == "candidate since 17 December 2010"
    assert items["NATO status"].since == "member since 5 June 2017"
    assert items["Chinese projects"].since == ""


def test_brief_month_is_the_default_and_unchanged(dataset):
    assert month_text(dataset.brief_month) == "2023-05"
    assert dataset_at(dataset, dataset.brief_month) is dataset


def test_dataset_as_of_january_2015_differs_where_history_says_so(dataset):
    earlier = dataset_at(dataset, parse_month("2015-01"))
    eu = dict(zip(earlier.countries["iso2"], earlier.countries["eu_status"].astype(str), strict=True))
    assert eu["BA"] == "potential candidate"  # candidate only from December 2022
    assert eu["ME"] == "candidate"
    assert earlier.countries["cni_status"].isna().all()  # no Clean Network before August 2020
    assert set(earlier.countries["eu_status_as_of"]) == {"2015-01"}
    assert "ec-opinion-serbia-2011" not in set(earlier.countries["eu_status_source_id"])
    # Projects have no series: the one dated count stays.
    assert list(earlier.countries["chinese_projects"]) == list(dataset.countries["chinese_projects"])
    text = map_text(earlier, dataset.registry["eu"], list(dataset.countries["iso2"]))
    assert "As of January 2015." in text.subtitle
    assert any("not from the brief" in note for note in text.notes)
    projects = map_text(earlier, dataset.registry["projects"], list(dataset.countries["iso2"]))
    assert any("no series" in note for note in projects.notes)


def test_values_after_the_brief_are_marked(dataset):
    later = dataset_at(dataset, parse_month("2025-01"))
    assert indicator_as_of(later, dataset.registry["eu"]) == "January 2025, after the brief"
    assert indicator_as_of(later, dataset.registry["projects"]) == "2021"
    assert indicator_as_of(dataset, dataset.registry["eu"]) == "May 2023"


def test_month_bounds_run_from_the_first_milestone_to_this_month(dataset):
    from datetime import date

    first, last = month_bounds(dataset, date(2026, 11, 25))
    assert (month_text(first), month_text(last)) == ("1994-02", "2026-11")


def test_a_moved_dataset_cannot_be_moved_again(dataset):
    with pytest.raises(ValueError):
        dataset_at(dataset_at(dataset, parse_month("2015-01")), parse_month("2016-01"))


# --- the file's rules, each a located error ------------------------------------------------------------


def rows(data_dir: Path) -> tuple[list[str], list[list[str]]]:
    header, *body = list(csv.reader(io.StringIO((data_dir / HISTORY_FILE).read_text(encoding="utf-8"))))
    return header, body


def write(data_dir: Path, header: list[str], body: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    (data_dir / HISTORY_FILE).write_text(out.getvalue(), encoding="utf-8")


def find(header: list[str], body: list[list[str]], **match: str) -> int:
    return next(i for i, row in enumerate(body) if all(row[header.index(k)] == v for k, v in match.items()))


def errors(data_dir: Path) -> list:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_dir)
    return caught.value.issues


def test_cross_file_rule_names_both_files_the_row_and_the_column(data_copy):
    header, body = rows(data_copy)
    position = find(header, body, country="BA", indicator="eu", status="candidate")
    body[position][header.index("date")] = "2023-06-01"  # candidate only after the brief's date: wrong
    write(data_copy, header, body)
    issues = errors(data_copy)
    wrong = [i for i in issues if i.file == HISTORY_FILE and i.column == "status"]
    assert len(wrong) == 1
    assert "countries.csv row 3, column 'eu_status' has 'candidate'" in wrong[0].message
    assert "'potential candidate' for BA 'eu' at 2023-05" in wrong[0].message
    assert wrong[0].row is not None


def test_a_history_that_stops_short_of_the_brief_is_an_error(data_copy):
    header, body = rows(data_copy)
    body = [row for row in body if not (row[0] == "XK" and row[1] == "nato")]
    write(data_copy, header, body)
    issues = errors(data_copy)
    assert any("no 'nato' milestone for XK on or before 2023-05" in i.message for i in issues)


def test_dates_out_of_order_are_an_error(data_copy):
    header, body = rows(data_copy)
    first = find(header, body, country="RS", indicator="nato", date="2006-12-14")
    second = find(header, body, country="RS", indicator="nato", date="2007-12-26")
    body[first], body[second] = body[second], body[first]
    write(data_copy, header, body)
    issues = errors(data_copy)
    assert any(i.file == HISTORY_FILE and i.column == "date" and "comes before" in i.message for i in issues)


def test_a_status_of_another_indicator_is_an_error(data_copy):
    header, body = rows(data_copy)
    position = find(header, body, country="RS", indicator="nato", date="2015-01-15")
    body[position][header.index("status")] = "candidate"  # an EU status, not a NATO one
    write(data_copy, header, body)
    issues = errors(data_copy)
    assert any(i.column == "status" and "is not a category of 'nato'" in i.message and i.row == position + 2
               for i in issues)


@pytest.mark.parametrize(("column", "value", "located", "message"), [
    ("source_id", "nowhere", "source_id", "is not in sources.csv"),
    ("precision", "day", "date", "does not match its precision"),  # on a month-only date
    ("indicator", "projects", "indicator", "not an allowed value"),
    ("evidence", "one two three four five six seven eight nine ten eleven", "evidence", "at most 10 words"),
    ("date", "2019-02-30x", "date", "expected format"),
])
def test_bad_cells_are_located_errors(data_copy, column, value, located, message):
    header, body = rows(data_copy)
    position = find(header, body, country="MK", indicator="nato", date="1995-11")
    body[position][header.index(column)] = value
    write(data_copy, header, body)
    issues = errors(data_copy)
    assert any(i.file == HISTORY_FILE and i.row == position + 2 and i.column == located and message in i.message
               for i in issues), issues


def test_every_history_source_has_url_and_access_date(dataset):
    cited = set(dataset.history.frame["source_id"])
    entries = dataset.sources.set_index("source_id").loc[sorted(cited)]
    assert entries["url"].str.startswith("http").all()
    assert (entries["accessed"] == "2026-11-25").all()
