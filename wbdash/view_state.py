"""The shareable view: parse URL query parameters into a validated state, and back.

Bad values never raise: each produces a notice and the default is used instead. Notices never
echo the offending value, so nothing a link carries is rendered back to the reader.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from wbdash.indicators import DEFAULT_INDICATOR, INDICATORS
from wbdash.table import DEFAULT_COLUMNS, TABLE_COLUMNS

MAX_PARAM_LENGTH = 200
KNOWN_PARAMS = ("indicator", "countries", "columns", "country", "present")


@dataclass(frozen=True)
class ViewState:
    indicator: str = DEFAULT_INDICATOR
    countries: tuple[str, ...] = ()
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    country: str | None = None
    present: bool = False  # presentation mode: no controls, larger type, a 16:9 frame
    notices: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self, all_countries: Sequence[str]) -> dict[str, str]:
        """Only what differs from the defaults, so links stay short."""
        query: dict[str, str] = {}
        if self.indicator != DEFAULT_INDICATOR:
            query["indicator"] = self.indicator
        if set(self.countries) != set(all_countries):
            query["countries"] = ",".join(self.countries)
        if tuple(self.columns) != DEFAULT_COLUMNS:
            query["columns"] = ",".join(self.columns)
        if self.country:
            query["country"] = self.country
        if self.present:
            query["present"] = "1"
        return query


def _note_unknown_parameters(params: Mapping[str, Sequence[str]], known: Collection[str], notices: list[str]) -> None:
    # Counted, never echoed: the names themselves may carry script.
    unknown = [key for key in params if key not in known]
    if unknown:
        notices.append(f"The link has {len(unknown)} unrecognised parameter(s); they were ignored.")


def _single(params: Mapping[str, Sequence[str]], key: str, notices: list[str]) -> str | None:
    values = list(params.get(key, []))
    if not values:
        return None
    if len(values) > 1:
        notices.append(f"The link repeats '{key}'; only its last value was used.")
    value = values[-1]
    if len(value) > MAX_PARAM_LENGTH:
        notices.append(f"The link's '{key}' value is too long and was ignored.")
        return None
    return value


def parse_view(params: Mapping[str, Sequence[str]], all_countries: Sequence[str]) -> ViewState:
    """`params` maps each query key to all its values (as st.query_params.get_all gives them)."""
    notices: list[str] = []
    _note_unknown_parameters(params, KNOWN_PARAMS, notices)

    indicator = _single(params, "indicator", notices)
    if indicator is not None and indicator not in INDICATORS:
        notices.append(f"The indicator in the link is not recognised; showing {INDICATORS[DEFAULT_INDICATOR].title}.")
        indicator = None

    countries = tuple(all_countries)
    raw_countries = _single(params, "countries", notices)
    if raw_countries is not None:
        wanted = [code.strip().upper() for code in raw_countries.split(",") if code.strip()]
        valid = tuple(dict.fromkeys(code for code in wanted if code in all_countries))
        if len(valid) != len(wanted):
            notices.append("Some country codes in the link are not recognised and were ignored.")
        if valid:
            countries = tuple(code for code in all_countries if code in valid)
        else:
            notices.append("The link selects no known country; showing all six.")

    columns = DEFAULT_COLUMNS
    raw_columns = _single(params, "columns", notices)
    if raw_columns is not None:
        wanted = [key.strip() for key in raw_columns.split(",") if key.strip()]
        valid_columns = tuple(dict.fromkeys(key for key in wanted if key in TABLE_COLUMNS))
        if len(valid_columns) != len(wanted):
            notices.append("Some table columns in the link are not recognised and were ignored.")
        if valid_columns:
            columns = valid_columns
        else:
            notices.append("The link selects no known table column; showing the default columns.")

    country = _single(params, "country", notices)
    if country is not None:
        country = country.strip().upper()
        if country not in all_countries:
            notices.append("The country in the link is not recognised; no country is selected.")
            country = None

    present_value = _single(params, "present", notices)
    present = present_value in ("1", "true")
    if present_value is not None and present_value not in ("0", "1", "true", "false"):
        notices.append("The link's presentation flag is not recognised; use present=1.")

    return ViewState(
        indicator=indicator or DEFAULT_INDICATOR,
        countries=countries,
        columns=columns,
        country=country,
        present=present,
        notices=tuple(notices),
    )


def parse_profile(params: Mapping[str, Sequence[str]], all_countries: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """The profile page's `country` parameter: a known code, or None with a notice."""
    notices: list[str] = []
    _note_unknown_parameters(params, {"country"}, notices)
    country = _single(params, "country", notices)
    if country is None:
        return None, tuple(notices)
    code = country.strip().upper()
    if code not in all_countries:
        notices.append("The country in the link is not one of the six; choose one below or go back to the overview.")
        return None, tuple(notices)
    return code, tuple(notices)


MIN_COMPARE, MAX_COMPARE = 2, 6
DEFAULT_COMPARE = ("ME", "RS")


def parse_compare(params: Mapping[str, Sequence[str]], all_countries: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The compare page's `countries` parameter: two to six known codes, else the default pair."""
    notices: list[str] = []
    _note_unknown_parameters(params, {"countries"}, notices)
    raw = _single(params, "countries", notices)
    if raw is None:
        return DEFAULT_COMPARE, tuple(notices)
    wanted = [code.strip().upper() for code in raw.split(",") if code.strip()]
    valid = [code for code in all_countries if code in wanted]
    if len(valid) != len(set(wanted)):
        notices.append("Some country codes in the link are not recognised and were ignored.")
    if len(valid) < MIN_COMPARE:
        notices.append("A comparison needs at least two of the six countries; showing Montenegro and Serbia.")
        return DEFAULT_COMPARE, tuple(notices)
    return tuple(valid), tuple(notices)
