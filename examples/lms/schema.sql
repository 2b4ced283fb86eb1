-- The learning-management schema of the demo: the shape of the seeds' incident,
-- where `asset` must reference `resource` through `resource_id`.
CREATE TYPE public.user_role AS ENUM ('student', 'instructor', 'admin');

CREATE TABLE public.app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  role public.user_role NOT NULL DEFAULT 'student',
  is_superuser boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.resource (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.asset (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id bigint NOT NULL REFERENCES public.resource (id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX asset_live_title_idx ON public.asset (lower(title)) WHERE deleted_at IS NULL;

CREATE TABLE public.course (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL,
  instructor_id bigint REFERENCES public.app_user (id) ON DELETE SET NULL
);

CREATE TABLE public.lesson (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id bigint NOT NULL REFERENCES public.course (id) ON DELETE CASCADE,
  asset_id bigint REFERENCES public.asset (id),
  position integer NOT NULL CHECK (position > 0),
  UNIQUE (course_id, position)
);

CREATE TABLE public.enrollment (
  user_id bigint NOT NULL REFERENCES public.app_user (id) ON DELETE CASCADE,
  course_id bigint NOT NULL REFERENCES public.course (id) ON DELETE CASCADE,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, course_id)
);

CREATE VIEW public.course_summary AS
  SELECT c.id, c.title, count(e.user_id) AS students
  FROM public.course c LEFT JOIN public.enrollment e ON e.course_id = c.id
  GROUP BY c.id, c.title;

CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER resource_touch BEFORE UPDATE ON public.resource
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

COMMENT ON TABLE public.asset IS 'A file or link that lessons use; belongs to a resource.';
