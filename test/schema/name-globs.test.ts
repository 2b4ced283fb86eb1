import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameMatcher, relationMatcher } from '../../src/schema/filter.js';

/** The documented rule, spelled out: `*` any run of characters, `?` one, the rest literal, whole name. */
function documented(glob: string, name: string): boolean {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(name);
}

describe('name globs', () => {
  it.each([
    ['user*', 'users', true],
    ['user*', 'user', true],
    ['user?', 'users', true],
    ['user?', 'user', false],
    ['Users', 'users', false],
    ['*_type', 'content_type', true],
    ['*', '.hidden', true],
    ['***_.', '_a', false],
    ['**_log', 'app_log', true],
    ['log_{2024,2025}', 'log_2025', true],
    ['log_{2024,2025}', 'log_2023', false],
    ['part_[0-3]', 'part_2', true],
    ['part_[0-3]', 'part_7', false],
  ] as const)('%s matches %s: %s', (glob, name, matches) => {
    expect(nameMatcher([glob])(name)).toBe(matches);
  });

  it('matches nothing without globs, and any of several', () => {
    expect(nameMatcher([])('users')).toBe(false);
    expect(nameMatcher(['orders', 'user*'])('users')).toBe(true);
  });

  it('matches a qualified glob against schema.name, an unqualified one against the name', () => {
    const matches = relationMatcher(['app.user*', 'audit']);
    expect(matches('app', 'users')).toBe(true);
    expect(matches('public', 'users')).toBe(false);
    expect(matches('public', 'audit')).toBe(true);
    expect(matches('app', 'audit_log')).toBe(false);
    expect(relationMatcher(['*.events'])('any', 'events')).toBe(true);
  });

  it('keeps the documented meaning of * and ? for names of letters, digits, _ and $, qualified or not', () => {
    const char = fc.constantFrom('a', 'b', 'A', '1', '_', '$');
    const identifier = fc.array(char, { minLength: 1, maxLength: 5 }).map((c) => c.join(''));
    const name = fc.array(identifier, { minLength: 1, maxLength: 2 }).map((parts) => parts.join('.'));
    const glob = fc
      .array(fc.oneof(char, fc.constantFrom('*', '?', '.')), { minLength: 1, maxLength: 6 })
      .map((c) => c.join(''))
      // picomatch reads `$$` as one `$`; no identifier is written so.
      .filter((g) => !g.includes('$$'));
    fc.assert(
      fc.property(glob, name, (g, n) => {
        expect(nameMatcher([g])(n)).toBe(documented(g, n));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches a glob without * ? [ { and the like to the one name it spells', () => {
    const char = fc.constantFrom('a', 'B', 'ü', '7', '_', '$', '.', ':', '#', '-', ' ');
    const word = fc.array(char, { minLength: 1, maxLength: 6 }).map((c) => c.join(''));
    fc.assert(
      fc.property(word, word, (glob, other) => {
        // With another glob that is one, so that both ways of matching run.
        const matches = nameMatcher([glob, 'zz*']);
        expect(matches(glob)).toBe(true);
        expect(matches(other)).toBe(other === glob);
        expect(matches(`${glob}x`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
