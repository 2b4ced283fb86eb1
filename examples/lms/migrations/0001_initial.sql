-- The learning-management schema as first deployed: assets belong to a publishing organization.
CREATE TYPE public.user_role AS ENUM ('student', 'instructor', 'admin');

CREATE TABLE public.app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  role public.user_role NOT NULL DEFAULT 'student',
  is_superuser boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The first administrator (the "admin user exists" check looks for one).
INSERT INTO public.app_user (email, role, is_superuser) VALUES ('admin@example.com', 'admin', true);

CREATE TABLE public.publishing_organization (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE public.resource (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.asset (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  publishing_organization_id bigint REFERENCES public.publishing_organization (id) ON DELETE SET NULL,
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
  asset_id bigint REFERENCES public.asset (id) ON DELETE SET NULL,
  position integer NOT NULL CONSTRAINT lesson_position_check CHECK (position > 0),
  CONSTRAINT lesson_course_id_position_key UNIQUE (course_id, position)
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
