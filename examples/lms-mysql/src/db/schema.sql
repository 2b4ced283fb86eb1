-- The schema the application's code expects, kept by hand next to it (the config's "models"):
-- schemaguard replays it on a temporary database to compare databases with it.
CREATE TABLE app_user (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL,
  role enum('student', 'instructor', 'admin') NOT NULL DEFAULT 'student',
  is_superuser boolean NOT NULL DEFAULT false,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT app_user_email_key UNIQUE (email)
);

CREATE TABLE publishing_organization (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(200) NOT NULL
);

CREATE TABLE resource (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(200) NOT NULL,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE asset (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title varchar(200) NOT NULL,
  deleted_at timestamp NULL,
  resource_id bigint,
  CONSTRAINT asset_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES resource (id) ON DELETE CASCADE
);
CREATE INDEX asset_title_idx ON asset (title, deleted_at);

CREATE TABLE course (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title varchar(200) NOT NULL,
  instructor_id bigint,
  CONSTRAINT course_instructor_id_fkey FOREIGN KEY (instructor_id) REFERENCES app_user (id) ON DELETE SET NULL
);

CREATE TABLE lesson (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id bigint NOT NULL,
  asset_id bigint,
  position int NOT NULL,
  CONSTRAINT lesson_position_check CHECK (position > 0),
  CONSTRAINT lesson_course_id_position_key UNIQUE (course_id, position),
  CONSTRAINT lesson_course_id_fkey FOREIGN KEY (course_id) REFERENCES course (id) ON DELETE CASCADE,
  CONSTRAINT lesson_asset_id_fkey FOREIGN KEY (asset_id) REFERENCES asset (id) ON DELETE SET NULL
);

CREATE TABLE enrollment (
  user_id bigint NOT NULL,
  course_id bigint NOT NULL,
  enrolled_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, course_id),
  CONSTRAINT enrollment_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
  CONSTRAINT enrollment_course_id_fkey FOREIGN KEY (course_id) REFERENCES course (id) ON DELETE CASCADE
);

CREATE VIEW course_summary AS
  SELECT c.id, c.title, count(e.user_id) AS students
  FROM course c LEFT JOIN enrollment e ON e.course_id = c.id
  GROUP BY c.id, c.title;

DELIMITER ;;
CREATE TRIGGER resource_touch BEFORE UPDATE ON resource FOR EACH ROW
BEGIN
  IF NEW.name <> OLD.name THEN
    SET NEW.updated_at = CURRENT_TIMESTAMP;
  END IF;
END;;
DELIMITER ;
