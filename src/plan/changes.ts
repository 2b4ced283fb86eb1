import type { Change, ObjectType } from '../diff/change.js';

/** Attributes about an object rather than its structure: changing them rebuilds nothing. */
const DOC_ATTRIBUTES: ReadonlySet<string> = new Set(['comment', 'grants', 'owner']);

/** Whether an attribute is a comment, grants or owner. */
export const isDocAttribute = (attribute: string): boolean => DOC_ATTRIBUTES.has(attribute);

/** Whether an alter change touches only comments, grants and owners. */
export const onlyDocs = (change: Change): boolean =>
  (change.attributes ?? []).every((a) => isDocAttribute(a.attribute));

/** Whether an alter change touches an attribute. */
export const attributeChanged = (change: Change, name: string): boolean =>
  (change.attributes ?? []).some((a) => a.attribute === name);

/**
 * A change the diff did not report but the plan makes, to rebuild an object around
 * another change; statements name it as theirs.
 */
export function syntheticChange(objectType: ObjectType, path: string, table?: string): Change {
  return { action: 'alter', objectType, path, table, severity: 'warning', hazards: [] };
}
