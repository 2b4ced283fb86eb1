-- pair: a procedure's body and parameters changed (BEGIN … END), one added, one dropped

CREATE TABLE counter (id int PRIMARY KEY, hits int NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN p_id int) MODIFIES SQL DATA
BEGIN
  UPDATE counter SET hits = hits + 1 WHERE id = p_id;
END;
CREATE PROCEDURE gone() SELECT 1;
