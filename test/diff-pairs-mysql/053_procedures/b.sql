CREATE TABLE counter (id int PRIMARY KEY, hits int NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN p_id int, IN p_by int) MODIFIES SQL DATA COMMENT 'by a step'
BEGIN
  UPDATE counter SET hits = hits + p_by WHERE id = p_id;
  SELECT hits FROM counter WHERE id = p_id;
END;
CREATE PROCEDURE list_counters(OUT total int) READS SQL DATA SQL SECURITY INVOKER
  SELECT count(*) INTO total FROM counter;
