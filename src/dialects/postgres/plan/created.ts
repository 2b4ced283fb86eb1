/** Objects created whole (new or rebuilt) and objects dropped whole, each in dependency order. */

import { dropOrder } from '../../../plan/graph.js';
import { emptySchema } from '../../../schema/model.js';
import { type Phase, schemaPhases } from '../ddl.js';
import type { PlanState, Step } from './state.js';

/** The step each phase of a whole-schema script runs in, once the tables and views exist. */
const LATE_PHASES: readonly (readonly [Phase, Step])[] = [
  ['Rules, statistics and publications', 'rules, statistics and publications'],
  ['Sequence ownership', 'sequence ownership'],
  ['Primary keys, unique and exclusion constraints', 'keys'],
  ['Indexes', 'indexes'],
  ['Foreign keys', 'foreign keys'],
  ['Triggers', 'triggers'],
  ['Event triggers', 'event triggers'],
  ['Row-level security', 'row-level security'],
  ['Comments', 'comments'],
  ['Owners', 'owners'],
  ['Privileges', 'privileges'],
];

/** Objects created whole (new or rebuilt) go through the same phases as a full schema. */
export function planCreated(p: PlanState): void {
  const { views, enums, ...rest } = p.created;
  const objects = schemaPhases({ ...rest, enums: [], views: [] });
  const onlyEnums = schemaPhases({ ...emptySchema(), enums });
  const onlyViews = schemaPhases({ ...emptySchema(), views });
  // Schemas, extensions, collations and new enums (a replaced domain may be built on one) first of all;
  // the rest after the type changes.
  p.steps.unshift(
    'create early',
    [
      ...objects.Schemas,
      ...objects.Extensions,
      ...objects.Collations,
      ...onlyEnums['Types, sequences, functions, tables and views'],
    ].map((sql) => p.statement(sql)),
  );
  p.steps.place(objects, [['Types, sequences, functions, tables and views', 'create objects']]);
  p.steps.place(onlyViews, [['Types, sequences, functions, tables and views', 'views']]);
  for (const phases of [onlyEnums, objects, onlyViews]) p.steps.place(phases, LATE_PHASES);
}

/** Drops that wait for the very end, when no column can still use what they drop. */
const LAST = /^DROP (TYPE|DOMAIN|COLLATION|EXTENSION|SCHEMA) /;

/**
 * Drops of whole objects, each after everything that depends on it. Tables, functions
 * and sequences go early; types, collations, extensions and schemas at the very end,
 * when no column can still use them (a column may change away from a type late).
 */
export function planDrops(p: PlanState): void {
  const ordered = dropOrder(p.drops).map((d) => d.statement);
  p.steps.push('drop objects', ...ordered.filter((st) => !LAST.test(st.sql)));
  const rank = (sql: string) => (sql.startsWith('DROP EXTENSION') ? 1 : sql.startsWith('DROP SCHEMA') ? 2 : 0);
  const finals = ordered.filter((st) => LAST.test(st.sql)).sort((a, b) => rank(a.sql) - rank(b.sql));
  p.steps.push('drop last', ...finals);
}
