-- What drizzle cannot describe: the trigger that keeps resource.updated_at current.
-- The config joins this file to the drizzle models: 'drizzle:./src/db/schema.ts + sql:./src/db/triggers.sql'.
CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER resource_touch BEFORE UPDATE ON public.resource
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
