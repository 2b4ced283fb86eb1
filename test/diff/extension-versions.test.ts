import { describe, expect, it } from 'vitest';
import { compareExtensionVersions } from '../../src/dialects/postgres/extension-versions.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { migration } from '../../src/plan/migration.js';
import { type Schema, emptySchema } from '../../src/schema/model.js';

const withSeg = (version: string): Schema => ({
  ...emptySchema(),
  extensions: [{ name: 'seg', schema: 'public', version }],
});

describe('extension versions', () => {
  it.each([
    ['1.10', '1.9', 1],
    ['1.9', '1.10', -1],
    ['1.4', '1.4', 0],
    ['2.0', '1.12', 1],
    ['1.0.1', '1.0', 1],
    ['1.1beta', '1.1alpha', 1],
  ])('%s against %s is %i', (a, b, order) => {
    expect(compareExtensionVersions(a, b)).toBe(order);
  });

  it('plans a downgrade as a drop and a create at the older version, with its hazards', () => {
    const { changes, plan } = migration(postgresDialect, withSeg('1.4'), withSeg('1.1'));
    expect(changes.map((c) => c.hazards)).toEqual([['may-fail', 'backward-incompatible']]);
    expect(plan.statements.map((s) => s.sql)).toEqual([
      'DROP EXTENSION seg;',
      "CREATE EXTENSION IF NOT EXISTS seg WITH SCHEMA public VERSION '1.1';",
    ]);
    expect(plan.statements[0]?.hazards.map((h) => h.message)).toEqual([
      'changes extension seg by dropping and creating it; fails while objects the plan does not move aside use it',
      'changes extension seg; running code that uses it breaks',
    ]);
  });

  it('plans an upgrade as ALTER EXTENSION … UPDATE, without hazards', () => {
    const { changes, plan } = migration(postgresDialect, withSeg('1.1'), withSeg('1.4'));
    expect(changes.map((c) => c.hazards)).toEqual([[]]);
    expect(plan.statements.map((s) => s.sql)).toEqual(["ALTER EXTENSION seg UPDATE TO '1.4';"]);
  });
});
