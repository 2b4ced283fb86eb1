/**
 * One-line summaries of a list of changes, such as `+2 tables, ~1 column, -1 index`,
 * for listings where each entry gets a single line (`snapshot --list`, `log`).
 */

import type { Change, ChangeAction, ObjectType } from '../diff/change.js';
import { byCatalogObjectType } from '../schema/kind-lists.js';

/** How many changes there are of one action on one kind of object. */
export interface ChangeCount {
  readonly objectType: ObjectType;
  readonly action: ChangeAction;
  readonly count: number;
}

/** Singular and plural nouns, in the order summaries list object types: containers before what they hold. */
const NOUNS: Readonly<Record<ObjectType, readonly [string, string]>> = {
  schema: ['schema', 'schemas'],
  extension: ['extension', 'extensions'],
  collation: ['collation', 'collations'],
  enum: ['enum', 'enums'],
  domain: ['domain', 'domains'],
  'composite type': ['composite type', 'composite types'],
  sequence: ['sequence', 'sequences'],
  table: ['table', 'tables'],
  column: ['column', 'columns'],
  constraint: ['constraint', 'constraints'],
  index: ['index', 'indexes'],
  trigger: ['trigger', 'triggers'],
  policy: ['policy', 'policies'],
  view: ['view', 'views'],
  'materialized view': ['materialized view', 'materialized views'],
  function: ['function', 'functions'],
  procedure: ['procedure', 'procedures'],
  'event trigger': ['event trigger', 'event triggers'],
  'foreign data wrapper': ['foreign data wrapper', 'foreign data wrappers'],
  'foreign server': ['foreign server', 'foreign servers'],
  'user mapping': ['user mapping', 'user mappings'],
  'foreign table': ['foreign table', 'foreign tables'],
  rule: ['rule', 'rules'],
  statistics: ['statistics object', 'statistics objects'],
  publication: ['publication', 'publications'],
  event: ['event', 'events'],
  ...byCatalogObjectType((kind) => [kind.objectType, kind.plural] as const),
};

const OBJECT_ORDER = Object.keys(NOUNS) as ObjectType[];

/** Actions in summary order, with their signs: `+` add, `-` drop, `~` alter, `>` rename. */
const ACTIONS: readonly (readonly [ChangeAction, string])[] = [
  ['add', '+'],
  ['drop', '-'],
  ['alter', '~'],
  ['rename', '>'],
];

/** Counts changes per object type and action, in summary order (object type, then add, drop, alter, rename). */
export function countChanges(changes: readonly Change[]): ChangeCount[] {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const key = `${change.objectType}\u0000${change.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const result: ChangeCount[] = [];
  for (const objectType of OBJECT_ORDER) {
    for (const [action] of ACTIONS) {
      const count = counts.get(`${objectType}\u0000${action}`);
      if (count) result.push({ objectType, action, count });
    }
  }
  return result;
}

/**
 * The changes in one line: a signed count per object type and action, e.g.
 * `+2 tables, ~1 column, -1 index` (`+` added, `-` dropped, `~` altered, `>` renamed),
 * or `no change` for none.
 */
export function summarizeChanges(changes: readonly Change[]): string {
  const counts = countChanges(changes);
  if (counts.length === 0) return 'no change';
  const sign = new Map(ACTIONS);
  return counts
    .map(({ objectType, action, count }) => {
      const [singular, plural] = NOUNS[objectType];
      return `${sign.get(action)}${count} ${count === 1 ? singular : plural}`;
    })
    .join(', ');
}
