CREATE FUNCTION twice(x int) RETURNS bigint NO SQL RETURN x + x;
CREATE FUNCTION greet(who varchar(20)) RETURNS varchar(40) CHARSET utf8mb4 DETERMINISTIC
BEGIN
  DECLARE s varchar(40);
  SET s = concat('hi ', who);
  RETURN s;
END;
