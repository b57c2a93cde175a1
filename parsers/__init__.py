"""Pure parsers: a page (or dataset line) in, pydantic records out. No I/O, no Scrapy."""
