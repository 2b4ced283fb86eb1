-- pair: a wrapper's options, a server's version and options change; a server and user mappings are added or dropped

CREATE FOREIGN DATA WRAPPER pair_fdw OPTIONS (mode 'read');
CREATE SERVER main_db VERSION '14' FOREIGN DATA WRAPPER pair_fdw OPTIONS (host 'old.internal', port '5432');
CREATE SERVER retired_db FOREIGN DATA WRAPPER pair_fdw;
CREATE USER MAPPING FOR PUBLIC SERVER retired_db;
