-- `casco query`: user SQL may read the open database and nothing else. No file, extension or other
-- database can be reached (COPY, ATTACH, INSTALL/LOAD, read_csv, read_text, glob, ...), no extension is
-- fetched on first use, and lock_configuration keeps any later SET or RESET from undoing this.
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
SET enable_external_access = false;
SET lock_configuration = true;
