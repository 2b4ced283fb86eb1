/**
 * Attribute changes that read better in words than as two values: nullability
 * (`nullable → not null`) and enum values (which were added, removed or moved).
 */
import type { AttributeChange, ObjectType } from '../diff/change.js';

const nullability = (notNull: unknown) => (notNull === true ? 'not null' : 'nullable');

/** Values of `before` and `after` whose place among the values both have differs. */
function movedValues(before: readonly string[], after: readonly string[]): string[] {
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  const common = before.filter((v) => inAfter.has(v));
  const target = after.filter((v) => inBefore.has(v));
  // The longest run kept in order stays; the others moved.
  const lengths = common.map(() => target.map(() => 0));
  for (let i = common.length - 1; i >= 0; i--) {
    for (let j = target.length - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        common[i] === target[j]
          ? 1 + (lengths[i + 1]?.[j + 1] ?? 0)
          : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < common.length && j < target.length;) {
    if (common[i] === target[j]) {
      kept.add(common[i] as string);
      i++;
      j++;
    } else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return common.filter((v) => !kept.has(v));
}

/** The enum values' change in words: `values: added x, y; removed z; moved w`. */
function enumValuesText(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  const moved = movedValues(before, after);
  const parts = [
    added.length ? `added ${added.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')}` : '',
    moved.length ? `moved ${moved.join(', ')}` : '',
  ].filter(Boolean);
  return `values: ${parts.join('; ')}`;
}

/** The attribute change in words, or undefined when its two values say it best. */
export function readableAttribute(objectType: ObjectType, a: AttributeChange): string | undefined {
  if (a.attribute === 'notNull') return `${nullability(a.before)} → ${nullability(a.after)}`;
  if (objectType === 'enum' && a.attribute === 'values' && Array.isArray(a.before) && Array.isArray(a.after)) {
    return enumValuesText(a.before as string[], a.after as string[]);
  }
  return undefined;
}
