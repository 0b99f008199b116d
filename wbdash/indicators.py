"""The indicators a reader can map and tabulate, declared once for the map, table and exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wbdash.statuses import STATUS_ORDERS


@dataclass(frozen=True)
class Indicator:
    key: str  # the value used in URLs
    column: str
    title: str
    unit: str
    kind: Literal["count", "rate", "status"]
    description: str
    as_of_label: str

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("count", "rate")

    @property
    def order(self) -> tuple[str, ...]:
        return STATUS_ORDERS[self.column]


INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            key="projects",
            column="chinese_projects",
            title="Chinese projects",
            unit="projects",
            kind="count",
            description="Number of Chinese projects per country in BIRN's 'China in the Balkans' database, as reported by the brief",
            as_of_label="2021 (BIRN data)",
        ),
        Indicator(
            key="projects_per_million",
            column="projects_per_million",
            title="Chinese projects per million inhabitants",
            unit="projects per million inhabitants",
            kind="rate",
            description="Chinese projects (BIRN, 2021) divided by population in millions (Natural Earth POP_EST, 2019)",
            as_of_label="projects 2021, population 2019",
        ),
        Indicator(
            key="eu",
            column="eu_status",
            title="EU status",
            unit="",
            kind="status",
            description="Relation to the European Union as the brief gives it",
            as_of_label="May 2023",
        ),
        Indicator(
            key="nato",
            column="nato_status",
            title="NATO status",
            unit="",
            kind="status",
            description="Relation to NATO as the brief gives it",
            as_of_label="May 2023",
        ),
        Indicator(
            key="cni",
            column="cni_status",
            title="Clean Network Initiative",
            unit="",
            kind="status",
            description="Whether the country signed the US Clean Network Initiative (CNI), as the brief gives it",
            as_of_label="May 2023",
        ),
    )
}
DEFAULT_INDICATOR = "projects"
