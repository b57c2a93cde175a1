-- Schema 2 -> 3, run for each record table {table} after schema.sql: its rows into the table with CHECKs.
INSERT INTO {table} BY NAME FROM {table}_v2;
DROP TABLE {table}_v2;
