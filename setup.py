"""Only for `scrapyd-deploy`, which builds its egg with `python setup.py bdist_egg`.

Everything (packages, the package-dir mapping, the `scrapy` settings entry point
scrapyd loads the project by) is declared in pyproject.toml; without this file
scrapyd-deploy would write its own setup.py with find_packages(), which installs
schemas/, pipeline/, ... as top-level packages and breaks every import.
"""

from setuptools import setup

setup()
