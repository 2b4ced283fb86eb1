-- What drizzle cannot describe: the trigger that keeps resource.updated_at current.
-- The config joins this file to the drizzle models: 'drizzle:./src/db/schema.ts + sql:./src/db/triggers.sql'.
CREATE TRIGGER resource_touch AFTER UPDATE OF name ON resource FOR EACH ROW
BEGIN
  UPDATE resource SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
