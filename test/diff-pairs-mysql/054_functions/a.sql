-- pair: a function's body, determinism and return type changed; one added

CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
