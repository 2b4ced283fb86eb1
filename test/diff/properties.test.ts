import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/index.js';
import { hashSchema, normalizeSchema } from '../../src/schema/canonical.js';
import { schemaArbitrary, schemaPairArbitrary } from '../helpers/arbitraries.js';
import { postgres } from '../helpers/databases.js';

const strict = { ignoreColumnOrder: false };

describe('diff properties over generated schemas', () => {
  it('diff(S, S) is empty', () => {
    fc.assert(
      fc.property(schemaArbitrary, (schema) => {
        expect(diff(postgres, schema, structuredClone(schema), strict)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('diff(A, B) is empty exactly when the hashes are equal', () => {
    let equal = 0;
    let different = 0;
    fc.assert(
      fc.property(schemaPairArbitrary, ([a, b]) => {
        const sameHash = hashSchema(normalizeSchema(a)) === hashSchema(normalizeSchema(b));
        if (sameHash) equal++;
        else different++;
        expect(diff(postgres, normalizeSchema(a), normalizeSchema(b), strict).length === 0).toBe(sameHash);
      }),
      { numRuns: 300 },
    );
    // Both sides of the property were exercised.
    expect(equal).toBeGreaterThan(20);
    expect(different).toBeGreaterThan(20);
  });

  it('every change from A to B is mirrored from B to A', () => {
    fc.assert(
      fc.property(schemaPairArbitrary, ([a, b]) => {
        const forward = diff(postgres, a, b, strict);
        const backward = diff(postgres, b, a, strict);
        const mirror = { add: 'drop', drop: 'add', alter: 'alter', rename: 'rename' } as const;
        expect(backward.map((c) => `${c.action} ${c.objectType} ${c.path}`).sort()).toEqual(
          forward.map((c) => `${mirror[c.action]} ${c.objectType} ${c.path}`).sort(),
        );
      }),
      { numRuns: 200 },
    );
  });
});
