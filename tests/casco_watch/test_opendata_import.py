"""casco_watch.library.opendata_import: which order and which dates the dumps are stored with."""

import datetime as dt
import io

import pytest
from rich.console import Console

from casco_watch.library.opendata import DatasetError
from casco_watch.library.opendata_import import DatedDump, ImportOrderError, dated_dumps, import_datasets
from tests.dumps import write_dump


@pytest.fixture
def dumps(tmp_path):
    def make(*names):
        for name in names:
            (tmp_path / name).write_bytes(b"")
        return [tmp_path / name for name in names]

    return make


def test_dumps_are_ordered_by_the_date_in_their_names(dumps):
    later, earlier = dumps("iso_technical_committees-2025-07-02.jsonl.gz", "iso_technical_committees-2025-06-11.jsonl")
    assert dated_dumps([later, earlier]) == [
        DatedDump(earlier, dt.date(2025, 6, 11)),
        DatedDump(later, dt.date(2025, 7, 2)),
    ]


def test_an_explicit_as_of_dates_a_single_dump(dumps):
    (undated,) = dumps("iso_technical_committees.jsonl")
    assert dated_dumps([undated], dt.date(2025, 1, 2)) == [DatedDump(undated, dt.date(2025, 1, 2))]


def test_a_single_undated_dump_is_refused_never_dated_today(dumps):
    (undated,) = dumps("iso_technical_committees.jsonl")
    with pytest.raises(ImportOrderError, match="cannot tell the date of .*--as-of YYYY-MM-DD"):
        dated_dumps([undated])


@pytest.mark.parametrize(
    ("names", "as_of", "message"),
    [
        (("a-2025-06-11.jsonl", "b-2025-06-12.jsonl"), dt.date(2025, 1, 1), "--as-of dates a single dump"),
        (("a-2025-06-11.jsonl", "undated.jsonl"), None, "cannot tell the date of"),
        (("a-2025-06-11.jsonl", "b-2025-06-11.jsonl.gz"), None, "2 dumps are dated 2025-06-11"),
        ((), None, "at least one"),
    ],
)
def test_dumps_that_cannot_be_ordered_are_refused_before_any_crawl(dumps, names, as_of, message):
    with pytest.raises(ImportOrderError, match=message):
        dated_dumps(dumps(*names), as_of)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetError, match="no such file: .*nowhere-2025-06-11.jsonl"):
        dated_dumps([tmp_path / "nowhere-2025-06-11.jsonl"])


def test_a_dump_named_after_today_is_refused_before_any_is_stored(dumps):
    with pytest.raises(ImportOrderError, match="iso_technical_committees-2099-01-01.jsonl: the as-of date 2099-01-01 is after today"):
        dated_dumps(dumps("iso_technical_committees-2025-06-11.jsonl", "iso_technical_committees-2099-01-01.jsonl"))


def test_each_stored_dump_is_one_plain_line_on_stderr_and_a_console_given_also_shows_the_progress_bar(tmp_path, capsys):
    """Without a terminal nothing of rich is needed: the line is printed as is."""
    db = tmp_path / "casco.duckdb"
    first, second = write_dump(tmp_path, "2025-08-06"), write_dump(tmp_path, "2025-08-13")
    (stored,) = import_datasets([first], db)
    records = sum(stored.snapshot.records.values())
    assert capsys.readouterr().err == f"{first.name} → snapshot 1 as of 2025-08-06: complete, {records:,} records, 0 rejected\n"

    console = Console(file=io.StringIO(), force_terminal=True, color_system=None, width=200)
    import_datasets([second], db, console=console)
    assert f"{second.name} → snapshot 2 as of 2025-08-13: complete" in console.file.getvalue()
    assert capsys.readouterr().err == ""
