"""Scrapy spiders: they decide what to request and hand each response to a parser.

The defaults of a site crawl live here, apart from the spider modules, so the
CLI can name them without importing Scrapy.
"""

CASCO_BASE_URL = "https://www.iso.org"
CASCO_COMMITTEE_ID = 54998
