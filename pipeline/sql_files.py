"""The SQL of pipeline/sql/, read by name: a module of its own so the store and the modules it calls share it
without importing each other."""

from importlib import resources


def sql_text(name: str) -> str:
    """The text of one file in pipeline/sql/."""
    return resources.files("casco_watch.pipeline").joinpath("sql", name).read_text(encoding="utf-8")
