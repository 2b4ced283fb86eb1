import type { ChangeDraft } from './diff.js';
import type { ObjectType, Severity } from './change.js';

/** Attributes that document or permit rather than define: comments, privileges, owners. */
const INFO_ATTRIBUTES = new Set(['comment', 'grants', 'owner']);

/** Objects whose absence or difference slows or changes behaviour but does not break the application. */
const WARNING_OBJECTS = new Set<ObjectType>([
  'index',
  'trigger',
  'event trigger',
  'collation',
  'statistics',
  'publication',
]);

/** Per object type, the attributes whose change is a warning (all others are breaking). */
const WARNING_ATTRIBUTES: Partial<Record<ObjectType, ReadonlySet<string>>> = {
  // A serial column and an identity column number rows alike: reported, as a warning.
  // A child's column declared on the child too (or not) reads and writes alike.
  column: new Set(['default', 'identity', 'inherited', 'compression', 'storage']),
  table: new Set(['columnOrder', 'unlogged', 'options', 'accessMethod', 'replicaIdentity']),
  view: new Set(['definition', 'options', 'checkOption']),
  'materialized view': new Set(['definition', 'options']),
  function: new Set([
    'body',
    'language',
    'volatility',
    'strict',
    'securityDefiner',
    'leakproof',
    'parallel',
    'cost',
    'rows',
    'config',
    'sqlStandardBody',
  ]),
  procedure: new Set(['body', 'language', 'securityDefiner', 'config', 'sqlStandardBody']),
  sequence: new Set(['start', 'increment', 'min', 'max', 'cache', 'cycle', 'ownedBy', 'unlogged']),
  domain: new Set(['default']),
  extension: new Set(['version', 'schema']),
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, breaking: 2 };

function attributeSeverity(objectType: ObjectType, attribute: string, before: unknown, after: unknown): Severity {
  if (INFO_ATTRIBUTES.has(attribute)) return 'info';
  if (WARNING_OBJECTS.has(objectType)) return 'warning';
  if (objectType === 'enum' && attribute === 'values') {
    // Only added values: nothing the application uses disappears.
    const remaining = new Set(after as string[]);
    return (before as string[]).every((v) => remaining.has(v)) ? 'warning' : 'breaking';
  }
  return WARNING_ATTRIBUTES[objectType]?.has(attribute) ? 'warning' : 'breaking';
}

/**
 * How much a difference matters, read as "`to` differs from `from`":
 * breaking when something the application needs is missing or changed (a table,
 * column, constraint or function; a type, nullability or foreign key), warning for
 * extra objects and index differences, info for comments, privileges and owners.
 */
export function severityOf(change: ChangeDraft): Severity {
  switch (change.action) {
    case 'add':
      return 'warning';
    case 'drop': {
      // A sequence owned by a column is that column's numbering, not something the application names.
      const ownedSequence = change.objectType === 'sequence' && (change.before as { ownedBy?: unknown }).ownedBy;
      return WARNING_OBJECTS.has(change.objectType) || ownedSequence ? 'warning' : 'breaking';
    }
    case 'rename':
      // A constraint or index under another name works the same; a table or column renamed breaks queries.
      return change.objectType === 'constraint' || change.objectType === 'index' ? 'warning' : 'breaking';
    case 'alter': {
      let worst: Severity = 'info';
      for (const a of change.attributes ?? []) {
        const severity = attributeSeverity(change.objectType, a.attribute, a.before, a.after);
        if (RANK[severity] > RANK[worst]) worst = severity;
      }
      return worst;
    }
  }
}
