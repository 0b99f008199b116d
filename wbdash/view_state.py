"""The shareable view: parse URL query parameters into a validated state, and back.

Bad values never raise: each produces a notice and the default is used instead. Notices never
echo the offending value, so nothing a link carries is rendered back to the reader.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from wbdash.content import Content
from wbdash.figures import format_date
from wbdash.history import Month, month_text, parse_month
from wbdash.registry import Registry

MAX_PARAM_LENGTH = 200
SQUARE_FRAME = "square"  # present=square: presentation mode in a 1:1 frame
KNOWN_PARAMS = ("indicator", "countries", "columns", "country", "present", "as_of")


@dataclass(frozen=True)
class ViewOptions:
    """What a link may choose, from the registry: map indicators, table columns and their defaults."""

    indicators: tuple[str, ...]
    default_indicator: str
    columns: tuple[str, ...]
    default_columns: tuple[str, ...]

    @classmethod
    def of(cls, registry: Registry) -> ViewOptions:
        return cls(
            indicators=tuple(i.key for i in registry.in_place("map")),
            default_indicator=registry.default_map,
            columns=tuple(i.key for i in registry.in_place("table")),
            default_columns=tuple(i.key for i in registry.in_place("default_table")),
        )


@dataclass(frozen=True)
class ViewState:
    indicator: str
    countries: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    country: str | None = None
    present: bool = False  # presentation mode: no controls, larger type, the map filling the window
    square: bool = False  # presentation mode in a square (1:1) frame, for social posts
    as_of: Month | None = None  # the month shown; None: the brief's date
    notices: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self, all_countries: Sequence[str], options: ViewOptions) -> dict[str, str]:
        """Only what differs from the defaults, so links stay short."""
        query: dict[str, str] = {}
        if self.indicator != options.default_indicator:
            query["indicator"] = self.indicator
        if set(self.countries) != set(all_countries):
            query["countries"] = ",".join(self.countries)
        if tuple(self.columns) != options.default_columns:
            query["columns"] = ",".join(self.columns)
        if self.country:
            query["country"] = self.country
        if self.present:
            query["present"] = SQUARE_FRAME if self.square else "1"
        if self.as_of is not None:
            query["as_of"] = month_text(self.as_of)
        return query


def _note_unknown_parameters(params: Mapping[str, Sequence[str]], known: Collection[str], notices: list[str],
                             content: Content) -> None:
    # Counted, never echoed: the names themselves may carry script.
    unknown = [key for key in params if key not in known]
    if unknown:
        notices.append(content.text("notices.unknown_parameters", count=len(unknown)))


def _single(params: Mapping[str, Sequence[str]], key: str, notices: list[str], content: Content) -> str | None:
    values = list(params.get(key, []))
    if not values:
        return None
    if len(values) > 1:
        notices.append(content.text("notices.repeated", key=key))
    value = values[-1]
    if len(value) > MAX_PARAM_LENGTH:
        notices.append(content.text("notices.too_long", key=key))
        return None
    return value


def month_param(params: Mapping[str, Sequence[str]], key: str, bounds: tuple[Month, Month], notices: list[str],
                content: Content) -> Month | None:
    """A YYYY-MM parameter inside `bounds` (first and last month allowed), or None with a notice."""
    raw = _single(params, key, notices, content)
    if raw is None:
        return None
    month = parse_month(raw.strip())
    if month is None or not bounds[0] <= month <= bounds[1]:
        notices.append(content.text("notices.bad_as_of", key=key, first_as_of=format_date(month_text(bounds[0])),
                                    last_as_of=format_date(month_text(bounds[1]))))
        return None
    return month


def parse_view(params: Mapping[str, Sequence[str]], all_countries: Sequence[str], registry: Registry,
               content: Content, months: tuple[Month, Month] | None = None,
               default_month: Month | None = None) -> ViewState:
    """`params` maps each query key to all its values (as st.query_params.get_all gives them).

    `months` bounds the `as_of` parameter (without it, `as_of` is not accepted); a month equal to
    `default_month` (the brief's) is the default view and kept as None.
    """
    options = ViewOptions.of(registry)
    notices: list[str] = []
    _note_unknown_parameters(params, KNOWN_PARAMS, notices, content)

    indicator = _single(params, "indicator", notices, content)
    if indicator is not None and indicator not in options.indicators:
        notices.append(content.text("notices.bad_indicator", label=registry[options.default_indicator].label))
        indicator = None

    countries = tuple(all_countries)
    raw_countries = _single(params, "countries", notices, content)
    if raw_countries is not None:
        wanted = [code.strip().upper() for code in raw_countries.split(",") if code.strip()]
        valid = tuple(dict.fromkeys(code for code in wanted if code in all_countries))
        if len(valid) != len(wanted):
            notices.append(content.text("notices.bad_countries"))
        if valid:
            countries = tuple(code for code in all_countries if code in valid)
        else:
            notices.append(content.text("notices.no_known_country"))

    columns = options.default_columns
    raw_columns = _single(params, "columns", notices, content)
    if raw_columns is not None:
        wanted = [key.strip() for key in raw_columns.split(",") if key.strip()]
        valid_columns = tuple(dict.fromkeys(key for key in wanted if key in options.columns))
        if len(valid_columns) != len(wanted):
            notices.append(content.text("notices.bad_columns"))
        if valid_columns:
            columns = valid_columns
        else:
            notices.append(content.text("notices.no_known_column"))

    country = _single(params, "country", notices, content)
    if country is not None:
        country = country.strip().upper()
        if country not in all_countries:
            notices.append(content.text("notices.bad_country"))
            country = None

    present_value = _single(params, "present", notices, content)
    present = present_value in ("1", "true", SQUARE_FRAME)
    if present_value is not None and present_value not in ("0", "1", "true", "false", SQUARE_FRAME):
        notices.append(content.text("notices.bad_present"))

    as_of = month_param(params, "as_of", months, notices, content) if months is not None else None
    if months is None and "as_of" in params:
        notices.append(content.text("notices.unknown_parameters", count=1))

    return ViewState(
        indicator=indicator or options.default_indicator,
        countries=countries,
        columns=columns,
        country=country,
        present=present,
        square=present_value == SQUARE_FRAME,
        as_of=None if as_of == default_month else as_of,
        notices=tuple(notices),
    )


def parse_profile(params: Mapping[str, Sequence[str]], all_countries: Sequence[str],
                  content: Content) -> tuple[str | None, tuple[str, ...]]:
    """The profile page's `country` parameter: a known code, or None with a notice."""
    notices: list[str] = []
    _note_unknown_parameters(params, {"country"}, notices, content)
    country = _single(params, "country", notices, content)
    if country is None:
        return None, tuple(notices)
    code = country.strip().upper()
    if code not in all_countries:
        notices.append(content.text("notices.profile_bad_country"))
        return None, tuple(notices)
    return code, tuple(notices)


MIN_COMPARE, MAX_COMPARE = 2, 6
DEFAULT_COMPARE = ("ME", "RS")


@dataclass(frozen=True)
class CompareState:
    countries: tuple[str, ...]
    first: Month  # "what changed" from the end of this month ...
    last: Month  # ... to the end of this one
    notices: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self, default_first: Month, default_last: Month) -> dict[str, str]:
        query = {"countries": ",".join(self.countries)}
        if self.first != default_first:
            query["from"] = month_text(self.first)
        if self.last != default_last:
            query["to"] = month_text(self.last)
        return query


def parse_compare(params: Mapping[str, Sequence[str]], all_countries: Sequence[str], content: Content,
                  months: tuple[Month, Month], default_range: tuple[Month, Month]) -> CompareState:
    """The compare page's `countries` (two to six known codes, else the default pair) and the `from`
    and `to` months of "what changed" (inside `months`, `from` before `to`; else `default_range`)."""
    notices: list[str] = []
    _note_unknown_parameters(params, {"countries", "from", "to"}, notices, content)
    countries = _compare_countries(params, all_countries, notices, content)
    first = month_param(params, "from", months, notices, content)
    last = month_param(params, "to", months, notices, content)
    first = default_range[0] if first is None else first
    last = default_range[1] if last is None else last
    if first >= last:
        notices.append(content.text("notices.bad_range"))
        first, last = default_range
    return CompareState(countries, first, last, tuple(notices))


def _compare_countries(params: Mapping[str, Sequence[str]], all_countries: Sequence[str], notices: list[str],
                       content: Content) -> tuple[str, ...]:
    raw = _single(params, "countries", notices, content)
    if raw is None:
        return DEFAULT_COMPARE
    wanted = [code.strip().upper() for code in raw.split(",") if code.strip()]
    valid = list(dict.fromkeys(code for code in wanted if code in all_countries))  # the link's order
    if len(valid) != len(set(wanted)):
        notices.append(content.text("notices.bad_countries"))
    if len(valid) < MIN_COMPARE:
        notices.append(content.text("notices.compare_too_few"))
        return DEFAULT_COMPARE
    return tuple(valid)
