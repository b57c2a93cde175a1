"""Scrapy commands of the casco-watch project (settings.COMMANDS_MODULE): they replace Scrapy's own by name."""
