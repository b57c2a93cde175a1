-- `casco query --as-of DATE`, after as_of_views.sql: the series and periods kept as snapshots are written
-- (pipeline/series.py) are shadowed by their definitions, computed over the shadowed snapshots, so they too
-- answer as of that date. {table} and {facts} name each kept history (series.HISTORIES).
CREATE OR REPLACE TEMP VIEW part_series AS FROM series_in_force;
CREATE OR REPLACE TEMP VIEW {table}_periods AS FROM fact_periods('{table}', '{facts}');
