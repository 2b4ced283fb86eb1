CREATE FOREIGN DATA WRAPPER pair_fdw OPTIONS (mode 'write', fetch 'fast');
COMMENT ON FOREIGN DATA WRAPPER pair_fdw IS 'test wrapper';
CREATE SERVER main_db VERSION '15' FOREIGN DATA WRAPPER pair_fdw OPTIONS (host 'new.internal', dbname 'app');
CREATE SERVER reports_db TYPE 'postgres' FOREIGN DATA WRAPPER pair_fdw OPTIONS (host 'reports.internal');
CREATE USER MAPPING FOR PUBLIC SERVER main_db;
CREATE USER MAPPING FOR postgres SERVER reports_db;
