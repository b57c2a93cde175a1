"""`casco report`: one self-contained static HTML page of the latest complete data and what changed.

Per committee: officers, members, subgroups, liaisons and the work programme
(projects under development and their stage); the latest changes include the
documents' moves (the diff's `deliverables` section).

The page loads nothing: styles are inline and the P/O timeline of each committee
is an SVG drawn here by matplotlib's SVG backend (static vector output, no
script and no CDN, unlike browser charting libraries). Every value read from
ISO passes through Jinja2 with autoescape, so scraped text cannot become markup.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from casco_watch.publishing.rendering import cell_text, printable
from casco_watch.pipeline.changes import Diff, Rows, SnapshotChoiceError, diff_snapshots, fetch_rows
from casco_watch.pipeline.history import HistoryLookupError, committee_timeline
from casco_watch.pipeline.store import sql_text
from casco_watch.schemas import SourceKind
from casco_watch.schemas.stages import STAGE_CODES
from casco_watch.spiders import CASCO_COMMITTEE_ID

DEFAULT_REPORT = Path("output") / "report.html"
SOURCE_NAMES = {SourceKind.SITE: "iso.org", SourceKind.OPENDATA: "ISO Open Data"}
_DETAILS = ("officers", "members", "subgroups", "liaisons", "projects")
"""Each is pipeline/sql/report_<name>.sql, run against the registered `report_committees`."""


@dataclass
class CommitteeSection:
    committee: dict[str, Any]
    officers: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    subgroups: list[dict[str, Any]] = field(default_factory=list)
    liaisons: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    """The work programme: documents under development, with their stage."""
    chart: str | None = None
    """The P/O timeline as inline SVG; None when no complete snapshot lists the committee's members."""

    def members_with(self, status: str) -> list[dict[str, Any]]:
        return [member for member in self.members if member["status"] == status]


@dataclass
class Report:
    database: str
    generated_at: dt.datetime
    sections: list[CommitteeSection]
    changes: Diff | None
    changes_note: str | None
    """Why no changes are shown, when they are not."""


def timeline_svg(timeline: Rows) -> str:
    """P and O counts per snapshot, one pair of lines per source (the site, Open Data), as an <svg> element."""
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in timeline.records():
        series[row["source_kind"]].append(row)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "casco-watch", "font.size": 9}):
        figure = Figure(figsize=(7.5, 2.8), layout="constrained")
        axes = figure.add_subplot()
        for kind, rows in series.items():
            name = SOURCE_NAMES[kind]
            dates = [row["as_of"] for row in rows]
            axes.plot(dates, [row["p_members"] for row in rows], marker="o", label=f"P members, {name}")
            axes.plot(dates, [row["o_members"] for row in rows], marker="s", linestyle="--", label=f"O members, {name}")
        days = {row["as_of"] for row in timeline.records()}
        if len(days) == 1:
            (day,) = days
            axes.set_xlim(day - dt.timedelta(days=1), day + dt.timedelta(days=1))
        locator = AutoDateLocator(maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.set_ylabel("members")
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
        axes.legend(loc="lower left", fontsize=8)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def _grouped(rows: Rows) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in rows.records():
        grouped[record.pop("committee_id")].append(record)
    return grouped


def _chart(con: duckdb.DuckDBPyConnection, committee_id: int) -> str | None:
    try:
        return timeline_svg(committee_timeline(con, committee_id))
    except HistoryLookupError:
        return None


def _sections(con: duckdb.DuckDBPyConnection, committee_ids: Iterable[int] | None) -> list[CommitteeSection]:
    parameters = {"committee_ids": list(committee_ids) if committee_ids else None,
                  "default_committee": CASCO_COMMITTEE_ID}
    committees = con.sql(sql_text("report_committees.sql"), params=parameters).to_arrow_table()
    sections = [CommitteeSection(committee) for committee in committees.to_pylist()]
    con.register("report_committees", committees.select(["source_kind", "committee_id"]))
    try:
        details = {name: _grouped(fetch_rows(con, f"report_{name}.sql", {})) for name in _DETAILS}
    finally:
        con.unregister("report_committees")
    for section in sections:
        committee_id = section.committee["committee_id"]
        for name in _DETAILS:
            setattr(section, name, details[name].get(committee_id, []))
        section.chart = _chart(con, committee_id)
    return sections


def _changes(con: duckdb.DuckDBPyConnection) -> tuple[Diff | None, str | None]:
    try:
        return diff_snapshots(con), None
    except SnapshotChoiceError as error:
        return None, str(error)


def build_report(con: duckdb.DuckDBPyConnection, database: str, committee_ids: Iterable[int] | None = None) -> Report:
    """Read everything the page shows on one (read-only) connection to `database`."""
    sections = _sections(con, committee_ids)
    changes, note = _changes(con)
    return Report(database, dt.datetime.now(dt.timezone.utc), sections, changes, note)


def _printable(value: Any) -> Any:
    """Every value the template prints, as `printable` text (markup stays markup)."""
    return type(value)(printable(value)) if isinstance(value, str) else value


def render_report(report: Report) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("casco_watch.publishing", "templates"), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, finalize=_printable,
    )
    environment.filters["cell"] = cell_text
    template = environment.get_template("report.html.jinja")
    return template.render(report=report, source_names=SOURCE_NAMES, stage_names=STAGE_CODES)


def write_report(report: Report, out: Path = DEFAULT_REPORT) -> None:
    """Write the page whole (via a temporary file) or not at all."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pending = out.with_name(out.name + ".pending")
    pending.write_text(render_report(report), encoding="utf-8")
    pending.replace(out)
