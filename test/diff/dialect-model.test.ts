import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../src/dialects/index.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { diff } from '../../src/diff/index.js';
import { CORE_SEVERITY_RULES } from '../../src/diff/severity.js';
import { LIST_NAMES, emptyLists, filterLists, normalizeLists } from '../../src/schema/kind-lists.js';
import { type Schema, emptySchema } from '../../src/schema/model.js';

const postgres = dialectByName('postgres');

/** An engine with the core model only: no optional lists, the core severity rules. */
const coreOnly: Dialect = { ...postgres, model: { lists: [], severity: CORE_SEVERITY_RULES } };

const withRule = (definition: string): Schema => ({
  ...emptySchema(),
  tables: [{ schema: 'public', name: 't', columns: [{ name: 'id', type: 'integer' }] }],
  rules: [{ schema: 'public', table: 't', name: 'r', definition }],
});

const sequence = (increment: string): Schema => ({
  ...emptySchema(),
  sequences: [{ schema: 'public', name: 's', type: 'bigint', start: '1', increment, min: '1', max: '100', cache: '1' }],
});

const summary = (dialect: Dialect, from: Schema, to: Schema) =>
  diff(dialect, from, to).map((c) => `${c.action} ${c.objectType} ${c.path} ${c.severity}`);

describe("the dialect's model", () => {
  it('compares only the optional lists the dialect declares', () => {
    const from = withRule('CREATE RULE r AS ON INSERT TO public.t DO INSTEAD NOTHING;');
    const to = withRule('CREATE RULE r AS ON UPDATE TO public.t DO INSTEAD NOTHING;');
    expect(summary(postgres, from, to)).toEqual(['alter rule public.t.r breaking']);
    expect(summary(coreOnly, from, to)).toEqual([]);
  });

  it("classifies with the dialect's severity rules", () => {
    expect(summary(postgres, sequence('1'), sequence('2'))).toEqual(['alter sequence public.s warning']);
    expect(summary(coreOnly, sequence('1'), sequence('2'))).toEqual(['alter sequence public.s breaking']);
  });

  it('has one entry per optional list for normalising and filtering', () => {
    const lists = emptyLists();
    expect(Object.keys(lists)).toEqual(LIST_NAMES);
    expect(Object.keys(normalizeLists(lists))).toEqual(LIST_NAMES);
    const kept = filterLists(
      { ...lists, rules: withRule('x').rules, casts: [{ source: 'a', target: 'b', method: 'inout' }] },
      { keepRelation: () => false, keepSchema: () => true, keepDatabaseObjects: false },
    );
    expect(kept.rules).toEqual([]);
    expect(kept.casts).toEqual([]);
  });
});
