/**
 * Kinds of object a database session was not allowed to read (a MySQL user without the
 * TRIGGER, EVENT or routine privileges sees none of those objects): a schema read so says
 * which, and a comparison leaves those kinds out on both sides instead of reporting every
 * such object as missing.
 */
import type { Schema } from './model.js';

/** The kinds a session may be unable to read, as reports name them. */
export const UNREAD_KINDS = ['triggers', 'routines', 'events'] as const;

export type UnreadKind = (typeof UNREAD_KINDS)[number];

/** The schema without the objects of the given kinds (unchanged when there are none). */
export function withoutKinds(schema: Schema, kinds: readonly UnreadKind[] | undefined): Schema {
  if (!kinds || kinds.length === 0) return schema;
  const drop = new Set(kinds);
  return {
    ...schema,
    ...(drop.has('triggers')
      ? {
          tables: schema.tables.map((t) => (t.triggers?.length ? { ...t, triggers: [] } : t)),
          views: schema.views.map((v) => (v.triggers?.length ? { ...v, triggers: [] } : v)),
        }
      : {}),
    ...(drop.has('routines') ? { functions: [] } : {}),
    ...(drop.has('events') && schema.events ? { events: [] } : {}),
  };
}

/** The kinds either of two sides could not read, in a stable order. */
export function unreadOfEither(
  a: readonly UnreadKind[] | undefined,
  b: readonly UnreadKind[] | undefined,
): UnreadKind[] {
  const either = new Set([...(a ?? []), ...(b ?? [])]);
  return UNREAD_KINDS.filter((kind) => either.has(kind));
}
