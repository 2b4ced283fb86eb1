import { describe, expect, it } from 'vitest';
import { readableAttribute } from '../../src/report/attribute-text.js';

describe('attribute changes in words', () => {
  it('reads nullability as nullable and not null', () => {
    expect(readableAttribute('column', { attribute: 'notNull', before: undefined, after: true })).toBe(
      'nullable → not null',
    );
    expect(readableAttribute('column', { attribute: 'notNull', before: true, after: undefined })).toBe(
      'not null → nullable',
    );
  });

  it('says which enum values were added, removed or moved', () => {
    const values = (before: string[], after: string[]) =>
      readableAttribute('enum', { attribute: 'values', before, after });
    expect(values(['a', 'b'], ['a', 'b', 'c'])).toBe('values: added c');
    expect(values(['a', 'b', 'c'], ['a', 'c'])).toBe('values: removed b');
    expect(values(['a', 'b', 'c'], ['a', 'c', 'b'])).toBe('values: moved b');
    expect(values(['a', 'b', 'c'], ['x', 'c', 'a'])).toBe('values: added x; removed b; moved a');
  });

  it('leaves other attributes to their two values', () => {
    expect(readableAttribute('column', { attribute: 'type', before: 'integer', after: 'bigint' })).toBeUndefined();
  });
});
