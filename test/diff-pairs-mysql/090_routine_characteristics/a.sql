-- pair: routines whose characteristics alone change: SQL SECURITY, comment, data access, determinism

CREATE FUNCTION f1(x int) RETURNS int DETERMINISTIC RETURN x + 1;
CREATE PROCEDURE p1() READS SQL DATA SELECT 1;
