"""Status lanes (one per country and timeline indicator) and "what changed between two dates".

The chart is Vega-Lite through Altair, which Streamlit renders with the Vega bundle it ships, so it
draws offline. Colours are the map's: each indicator's registry palette over its ordered categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from wbdash.citations import compact_label
from wbdash.dataset import Dataset
from wbdash.figures import format_date
from wbdash.history import Milestone, Month, month_text
from wbdash.registry import Indicator

LANE_HEIGHT_PX = 26


def month_start(month: Month) -> str:
    return f"{month_text(month)}-01"


def milestone_day(milestone: Milestone) -> str:
    """Where a milestone is drawn: its day when the source gives one, else the month it applies from."""
    return milestone.date if milestone.precision == "day" else month_start(milestone.month)


@dataclass(frozen=True)
class LaneData:
    spans: pd.DataFrame  # lane, status, key, start, end, from, until, milestone, source
    points: pd.DataFrame  # lane, status, day, date, milestone, source
    lanes: list[str]  # lane labels, top to bottom: indicator by indicator, countries in the given order


def lane_label(indicator: Indicator, country: str) -> str:
    return f"{indicator.short_label} · {country}"


def status_key(indicator: Indicator, status: str) -> str:
    """The legend entry of a status: 'EU: candidate' (one legend serves all indicators)."""
    return f"{indicator.short_label}: {indicator.category_name(status)}"


def lane_data(dataset: Dataset, codes: Sequence[str], last: Month) -> LaneData:
    """Status spans and milestone points for the countries, up to the end of month `last`."""
    names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
    spans, points, lanes = [], [], []
    for indicator in dataset.registry.timelines():
        for code in codes:
            lane_name = lane_label(indicator, names[code])
            lanes.append(lane_name)
            lane = [m for m in dataset.history.lane(code, indicator.key) if m.month <= last]
            for position, milestone in enumerate(lane):
                source = compact_label(dataset.sources, milestone.source_id)
                points.append({"lane": lane_name, "country": names[code], "status": indicator.category_name(milestone.status),
                               "day": milestone_day(milestone), "date": format_date(milestone.date),
                               "milestone": milestone.milestone, "source": source})
                following = lane[position + 1].month if position + 1 < len(lane) else last + 1
                if following == milestone.month:
                    continue  # superseded in the same month
                spans.append({"lane": lane_name, "country": names[code], "status": indicator.category_name(milestone.status),
                              "key": status_key(indicator, milestone.status),
                              "start": month_start(milestone.month), "end": month_start(following),
                              "from": format_date(month_text(milestone.month)),
                              "until": format_date(month_text(following - 1)),
                              "milestone": milestone.milestone, "source": source})
    return LaneData(pd.DataFrame(spans), pd.DataFrame(points), lanes)


def lane_chart(dataset: Dataset, codes: Sequence[str], chosen: Month, first: Month, last: Month) -> alt.LayerChart:
    """The lanes of `codes` from `first` to `last`, with rules at the chosen month and the brief's.

    One chart (not one per indicator) so that it takes its container's width; the legend names each
    status with its indicator, in the map's colours.
    """
    content = dataset.content
    names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
    data = lane_data(dataset, codes, last)
    domain, colors = [], []
    for indicator in dataset.registry.timelines():
        assert indicator.palette is not None
        domain += [status_key(indicator, c) for c in indicator.categories]
        colors += indicator.palette.colors()
    x_scale = alt.Scale(domain=[month_start(first), month_start(last + 1)])
    y = alt.Y("lane:N", sort=data.lanes, title=None, scale=alt.Scale(paddingInner=0.3),
              axis=alt.Axis(labelLimit=260, labelFontSize=12))
    label = content.text
    bars = alt.Chart(data.spans).mark_bar().encode(
        x=alt.X("start:T", scale=x_scale, title=None, axis=alt.Axis(format="%Y", labelOverlap=True, grid=True)),
        x2="end:T", y=y,
        color=alt.Color("key:N", title=label("history.lane_status"), scale=alt.Scale(domain=domain, range=colors),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=240, symbolType="square")),  # one column fits a phone
        tooltip=[alt.Tooltip("country:N", title=label("history.lane_country")),
                 alt.Tooltip("status:N", title=label("history.lane_status")),
                 alt.Tooltip("from:N", title=label("history.lane_from")),
                 alt.Tooltip("until:N", title=label("history.lane_until")),
                 alt.Tooltip("milestone:N", title=label("history.lane_milestone")),
                 alt.Tooltip("source:N", title=label("history.lane_source"))],
    )
    dots = alt.Chart(data.points).mark_point(filled=True, size=40, color="#1a1a1a", stroke="#ffffff",
                                             strokeWidth=0.8, opacity=1).encode(
        x=alt.X("day:T", scale=x_scale), y=y,
        tooltip=[alt.Tooltip("country:N", title=label("history.lane_country")),
                 alt.Tooltip("milestone:N", title=label("history.lane_milestone")),
                 alt.Tooltip("date:N", title=label("history.lane_date")),
                 alt.Tooltip("status:N", title=label("history.lane_status")),
                 alt.Tooltip("source:N", title=label("history.lane_source"))],
    )
    rules = pd.DataFrame({
        "which": [label("history.lane_chosen"), label("history.lane_brief")],
        "day": [month_start(chosen), month_start(dataset.brief_month)],
        "label": [format_date(month_text(chosen)), format_date(month_text(dataset.brief_month))],
    })
    rule = alt.Chart(rules).mark_rule(color="#b2182b", strokeWidth=2).encode(
        x=alt.X("day:T", scale=x_scale),
        strokeDash=alt.StrokeDash("which:N", scale=alt.Scale(domain=list(rules["which"]), range=[[1, 0], [6, 4]]),
                                  legend=alt.Legend(orient="bottom", title=None, symbolStrokeColor="#b2182b")),
        tooltip=[alt.Tooltip("which:N", title=" "), alt.Tooltip("label:N", title=" ")],
    )
    shown = ", ".join(names[c] for c in codes) if len(codes) < len(names) else content.text("map.all_countries")
    title = alt.TitleParams(
        content.text("history.lanes_title", names=shown),
        subtitle=[content.text("history.lanes_subtitle", first_as_of=format_date(month_text(first)),
                               last_as_of=format_date(month_text(last)), as_of=format_date(month_text(chosen)),
                               brief_as_of=format_date(month_text(dataset.brief_month))),
                  content.text("history.lanes_source", count=len(dataset.history.milestones))],
        anchor="start", fontSize=16, subtitleFontSize=12,
    )
    return alt.layer(bars, dots, rule, title=title).properties(
        width="container", height=alt.Step(LANE_HEIGHT_PX)).configure_view(strokeWidth=0)


def lane_alt_text(dataset: Dataset, codes: Sequence[str], chosen: Month) -> str:
    """The chart as one sentence per country: what a screen reader gets instead of the picture."""
    content = dataset.content
    names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
    parts = []
    for code in codes:
        statuses = []
        for indicator in dataset.registry.timelines():
            since = dataset.history.since(code, indicator.key, chosen)
            if since is not None:
                statuses.append(f"{indicator.short_label}: " + content.text(
                    "history.since", status=indicator.category_name(since.status), date=format_date(since.date)))
        parts.append(f"{names[code]} — {'; '.join(statuses)}")
    return ". ".join(parts)


def changes_table(dataset: Dataset, codes: Sequence[str], first: Month, last: Month) -> pd.DataFrame:
    """One row per country and timeline indicator: status at each end, whether it changed, the milestones."""
    content = dataset.content
    names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
    none = content.text("history.no_record")
    rows = []
    for code in codes:
        for indicator in dataset.registry.timelines():
            before = dataset.history.status_at(code, indicator.key, first)
            after = dataset.history.status_at(code, indicator.key, last)
            between = [m for m in dataset.history.between([code], first, last) if m.indicator == indicator.key]
            before_status, after_status = (indicator.category_name(before.status) if before else none,
                                           indicator.category_name(after.status) if after else none)
            rows.append({
                content.text("history.col_country"): names[code],
                content.text("history.col_indicator"): indicator.label,
                content.text("history.col_from", as_of=format_date(month_text(first))): before_status,
                content.text("history.col_to", last_as_of=format_date(month_text(last))): after_status,
                content.text("history.col_changed"): content.text(
                    "compare.yes" if before_status != after_status else "compare.no"),
                content.text("history.col_milestones"): "; ".join(
                    content.text("history.milestone_item", date=format_date(m.date), milestone=m.milestone,
                                 status=indicator.category_name(m.status)) for m in between) or content.text("history.changes_none"),
                content.text("history.col_sources"): "; ".join(dict.fromkeys(
                    compact_label(dataset.sources, m.source_id) for m in between)),
            })
    return pd.DataFrame(rows)
