-- pair: a table moves to another table access method (a copy of heap, created on both sides)

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_am WHERE amname = 'heap_copy') THEN
    CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
  END IF;
END $$;

CREATE TABLE public.measurements (id integer PRIMARY KEY, value double precision);
CREATE TABLE public.samples (id integer, reading text) USING heap_copy;
