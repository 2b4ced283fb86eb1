-- The learning-management schema as first deployed: assets belong to a publishing organization.
CREATE TABLE app_user (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'student',
  is_superuser INTEGER NOT NULL DEFAULT false,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (email);

-- The first administrator (the "admin user exists" check looks for one).
INSERT INTO app_user (email, role, is_superuser) VALUES ('admin@example.com', 'admin', true);

CREATE TABLE publishing_organization (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  name TEXT NOT NULL
);

CREATE TABLE resource (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  name TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE asset (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  publishing_organization_id INTEGER REFERENCES publishing_organization (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX asset_live_title_idx ON asset (lower(title)) WHERE deleted_at IS NULL;

CREATE TABLE course (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  title TEXT NOT NULL,
  instructor_id INTEGER REFERENCES app_user (id) ON DELETE SET NULL
);

CREATE TABLE lesson (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  asset_id INTEGER REFERENCES asset (id) ON DELETE SET NULL,
  position INTEGER NOT NULL,
  CONSTRAINT lesson_position_check CHECK (position > 0)
);
CREATE UNIQUE INDEX lesson_course_id_position_key ON lesson (course_id, position);

CREATE TABLE enrollment (
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  enrolled_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, course_id)
);

CREATE VIEW course_summary AS
  SELECT c.id, c.title, count(e.user_id) AS students
  FROM course c LEFT JOIN enrollment e ON e.course_id = c.id
  GROUP BY c.id, c.title;

CREATE TRIGGER resource_touch AFTER UPDATE OF name ON resource FOR EACH ROW
BEGIN
  UPDATE resource SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
