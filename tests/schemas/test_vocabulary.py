"""The storage DDL's CHECKs hold exactly the values of the StrEnum or Literal their model's field is typed with."""

import re
import typing
from enum import StrEnum
from importlib import resources

import pytest

from casco_watch.schemas import STORED_MODELS, LossCause

MODEL_OF_TABLE = {model.table: model for model in STORED_MODELS}
_CREATE = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+) \((.*?)\n\);", re.S)
_CHECK = re.compile(r"CHECK \((\w+) IN \((.*?)\)\)", re.S)


def storage_ddl() -> dict[str, str]:
    """Every pipeline/sql file that creates a table, by name."""
    folder = resources.files("casco_watch.pipeline").joinpath("sql")
    texts = {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir() if entry.name.endswith(".sql")}
    return {name: text for name, text in texts.items() if _CREATE.search(text)}


def checks() -> list[tuple[str, str, str, set[str]]]:
    """(file, table, column, values) of every `CHECK (column IN (...))` in a CREATE TABLE of pipeline/sql."""
    found = []
    for name, text in storage_ddl().items():
        for table, body in _CREATE.findall(re.sub(r"--[^\n]*", "", text)):
            found += [(name, table, column, set(re.findall(r"'([^']*)'", values))) for column, values in _CHECK.findall(body)]
    return found


def allowed_values(annotation) -> set[str] | None:
    """The values a field's type allows when they are a fixed set (a StrEnum or a Literal, optional or not)."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return {member.value for member in arg}
        if typing.get_origin(arg) is typing.Literal:
            return set(typing.get_args(arg))
    return None


CHECKS = checks()


def test_the_storage_ddl_has_checks_to_compare():
    assert {"schema.sql", "upgrade_1_to_2.sql"} <= {name for name, *_ in CHECKS}
    assert ("schema.sql", "pages", "cause", {cause.value for cause in LossCause}) in CHECKS


@pytest.mark.parametrize(("file", "table", "column", "values"), CHECKS,
                         ids=[f"{name}:{table}.{column}" for name, table, column, _ in CHECKS])
def test_each_check_holds_exactly_the_values_of_its_fields_type(file, table, column, values):
    field = MODEL_OF_TABLE[table].model_fields[column]
    assert values == allowed_values(field.annotation), f"{file}: {table}.{column} and {field.annotation} disagree"


@pytest.mark.parametrize("model", STORED_MODELS, ids=[model.table for model in STORED_MODELS])
def test_every_field_of_fixed_values_is_checked_in_storage(model):
    checked = {column for name, table, column, _ in CHECKS if name == "schema.sql" and table == model.table}
    fixed = {name for name, field in model.model_fields.items() if allowed_values(field.annotation) is not None}
    assert fixed == checked
