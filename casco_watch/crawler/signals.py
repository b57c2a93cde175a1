"""Signals of this Scrapy project, beside Scrapy's own."""

crawl_abandoned = object()
"""Sent, synchronously and from a signal handler, when the crawl process stops a crawl before its end
(SIGTERM, nothing stored). Receivers remove what the crawl would leave behind (a partial archive); they must be
quick, and must not log."""
