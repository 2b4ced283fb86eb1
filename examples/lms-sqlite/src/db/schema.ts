// The application's models: drizzle-orm sqlite-core tables for the learning-management example.
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  sqliteView,
  text,
  unique,
} from 'drizzle-orm/sqlite-core';

export const appUser = sqliteTable(
  'app_user',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    role: text('role', { enum: ['student', 'instructor', 'admin'] })
      .notNull()
      .default('student'),
    isSuperuser: integer('is_superuser', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at')
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [unique('app_user_email_key').on(t.email)],
);

export const publishingOrganization = sqliteTable('publishing_organization', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
});

export const resource = sqliteTable('resource', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`),
});

export const asset = sqliteTable(
  'asset',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    deletedAt: text('deleted_at'),
    resourceId: integer('resource_id'),
  },
  (t) => [
    foreignKey({ name: 'asset_resource_id_fkey', columns: [t.resourceId], foreignColumns: [resource.id] }).onDelete(
      'cascade',
    ),
    index('asset_live_title_idx')
      .on(sql`lower(${t.title})`)
      .where(sql`${t.deletedAt} IS NULL`),
  ],
);

export const course = sqliteTable(
  'course',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    instructorId: integer('instructor_id'),
  },
  (t) => [
    foreignKey({ name: 'course_instructor_id_fkey', columns: [t.instructorId], foreignColumns: [appUser.id] }).onDelete(
      'set null',
    ),
  ],
);

export const lesson = sqliteTable(
  'lesson',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id').notNull(),
    assetId: integer('asset_id'),
    position: integer('position').notNull(),
  },
  (t) => [
    foreignKey({ name: 'lesson_course_id_fkey', columns: [t.courseId], foreignColumns: [course.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'lesson_asset_id_fkey', columns: [t.assetId], foreignColumns: [asset.id] }).onDelete('set null'),
    check('lesson_position_check', sql`${t.position} > 0`),
    unique('lesson_course_id_position_key').on(t.courseId, t.position),
  ],
);

export const enrollment = sqliteTable(
  'enrollment',
  {
    userId: integer('user_id').notNull(),
    courseId: integer('course_id').notNull(),
    enrolledAt: text('enrolled_at')
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [
    primaryKey({ name: 'enrollment_pkey', columns: [t.userId, t.courseId] }),
    foreignKey({ name: 'enrollment_user_id_fkey', columns: [t.userId], foreignColumns: [appUser.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'enrollment_course_id_fkey', columns: [t.courseId], foreignColumns: [course.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const courseSummary = sqliteView('course_summary', {
  id: integer('id'),
  title: text('title'),
  students: integer('students'),
}).as(
  sql`SELECT c.id, c.title, count(e.user_id) AS students FROM course c LEFT JOIN enrollment e ON e.course_id = c.id GROUP BY c.id, c.title`,
);
