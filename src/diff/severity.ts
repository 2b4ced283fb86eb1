import type { ChangeDraft, ObjectType, Severity } from './change.js';

/** Attributes that document or permit rather than define: comments, privileges, owners. */
const INFO_ATTRIBUTES = new Set(['comment', 'grants', 'owner']);

/**
 * Which differences are warnings rather than breaking, for one engine: kinds of object
 * whose absence or difference slows or changes behaviour but does not break the
 * application, and per object type the attributes whose change is a warning (all other
 * attributes are breaking). Comments, privileges and owners are always info.
 */
export interface SeverityRules {
  readonly warningObjects: ReadonlySet<ObjectType>;
  readonly warningAttributes: Readonly<Partial<Record<ObjectType, ReadonlySet<string>>>>;
}

/** The rules every engine shares: its own attributes and kinds add to them (see `Dialect.model.severity`). */
export const CORE_SEVERITY_RULES: SeverityRules = {
  warningObjects: new Set<ObjectType>(['index', 'trigger']),
  warningAttributes: {
    column: new Set(['default']),
    table: new Set(['columnOrder', 'options']),
    view: new Set(['definition', 'options', 'checkOption']),
    function: new Set(['body', 'language']),
    procedure: new Set(['body', 'language']),
  },
};

/** The core rules with an engine's additions. */
export function withSeverityRules(additions: {
  readonly warningObjects?: readonly ObjectType[];
  readonly warningAttributes?: Readonly<Partial<Record<ObjectType, readonly string[]>>>;
}): SeverityRules {
  const attributes: Partial<Record<ObjectType, ReadonlySet<string>>> = { ...CORE_SEVERITY_RULES.warningAttributes };
  for (const [type, names] of Object.entries(additions.warningAttributes ?? {}) as [ObjectType, string[]][]) {
    attributes[type] = new Set([...(attributes[type] ?? []), ...names]);
  }
  return {
    warningObjects: new Set([...CORE_SEVERITY_RULES.warningObjects, ...(additions.warningObjects ?? [])]),
    warningAttributes: attributes,
  };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, breaking: 2 };

function attributeSeverity(
  rules: SeverityRules,
  objectType: ObjectType,
  attribute: string,
  before: unknown,
  after: unknown,
): Severity {
  if (INFO_ATTRIBUTES.has(attribute)) return 'info';
  if (rules.warningObjects.has(objectType)) return 'warning';
  if (objectType === 'enum' && attribute === 'values') {
    // Only added values: nothing the application uses disappears.
    const remaining = new Set(after as string[]);
    return (before as string[]).every((v) => remaining.has(v)) ? 'warning' : 'breaking';
  }
  return rules.warningAttributes[objectType]?.has(attribute) ? 'warning' : 'breaking';
}

/**
 * How much a difference matters, read as "`to` differs from `from`":
 * breaking when something the application needs is missing or changed (a table,
 * column, constraint or function; a type, nullability or foreign key), warning for
 * extra objects and index differences, info for comments, privileges and owners.
 */
export function severityOf(change: ChangeDraft, rules: SeverityRules = CORE_SEVERITY_RULES): Severity {
  switch (change.action) {
    case 'add':
      return 'warning';
    case 'drop': {
      // A sequence owned by a column is that column's numbering, not something the application names.
      const ownedSequence = change.objectType === 'sequence' && (change.before as { ownedBy?: unknown }).ownedBy;
      return rules.warningObjects.has(change.objectType) || ownedSequence ? 'warning' : 'breaking';
    }
    case 'rename':
      // A constraint or index under another name works the same; a table or column renamed breaks queries.
      return change.objectType === 'constraint' || change.objectType === 'index' ? 'warning' : 'breaking';
    case 'alter': {
      let worst: Severity = 'info';
      for (const a of change.attributes ?? []) {
        const severity = attributeSeverity(rules, change.objectType, a.attribute, a.before, a.after);
        if (RANK[severity] > RANK[worst]) worst = severity;
      }
      return worst;
    }
  }
}
