// The application's models: drizzle-orm tables for the learning-management example.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  pgView,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['student', 'instructor', 'admin']);

export const appUser = pgTable(
  'app_user',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    role: userRole('role').notNull().default('student'),
    isSuperuser: boolean('is_superuser').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('app_user_email_key').on(t.email)],
);

export const publishingOrganization = pgTable('publishing_organization', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
});

export const resource = pgTable('resource', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const asset = pgTable(
  'asset',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: varchar('title', { length: 200 }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    resourceId: bigint('resource_id', { mode: 'number' }),
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

export const course = pgTable(
  'course',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    instructorId: bigint('instructor_id', { mode: 'number' }),
  },
  (t) => [
    foreignKey({ name: 'course_instructor_id_fkey', columns: [t.instructorId], foreignColumns: [appUser.id] }).onDelete(
      'set null',
    ),
  ],
);

export const lesson = pgTable(
  'lesson',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    courseId: bigint('course_id', { mode: 'number' }).notNull(),
    assetId: bigint('asset_id', { mode: 'number' }),
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

export const enrollment = pgTable(
  'enrollment',
  {
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    courseId: bigint('course_id', { mode: 'number' }).notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
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

export const courseSummary = pgView('course_summary', {
  id: bigint('id', { mode: 'number' }),
  title: text('title'),
  students: bigint('students', { mode: 'number' }),
}).as(
  sql`SELECT c.id, c.title, count(e.user_id) AS students FROM public.course c LEFT JOIN public.enrollment e ON e.course_id = c.id GROUP BY c.id, c.title`,
);
