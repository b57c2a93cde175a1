-- Views over the snapshots. They hold no data and are recreated on every open.

CREATE OR REPLACE VIEW complete_snapshots AS
SELECT * FROM snapshots WHERE status = 'complete';
