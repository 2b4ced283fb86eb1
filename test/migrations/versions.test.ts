import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATION_FORMATS, type MigrationFormat, readMigrationFolder } from '../../src/migrations/formats.js';
import { canonicalVersion, compareVersions } from '../../src/migrations/versions.js';

const digits = fc.stringMatching(/^\d{1,25}$/);
const dotted = fc.array(digits, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
const tagged = fc.tuple(digits, fc.stringMatching(/^[a-z_]{0,6}\d{0,3}$/)).map(([n, tag]) => `${n}_${tag}`);
/** Versions as each format's folders hold them, mixed with tags and dotted ones. */
const version = fc.oneof(digits, dotted, tagged);
const format = fc.constantFrom(...MIGRATION_FORMATS);

describe('compareVersions', () => {
  it.each([
    ['plain', '2', '10'],
    ['plain', '0009', '10'],
    ['golang-migrate', '20240101120000', '20240101120001'],
    ['flyway', '1.2.9', '1.2.10'],
    ['flyway', '1.9', '2'],
    ['flyway', '9.1', '10'],
    ['drizzle', '0002_calm_fox', '0010_bold_cat'],
    ['prisma', '20240101120000_init', '20240202120000_add_users'],
    ['dbmate', '20240101120000', '20240202120000'],
  ] as const)('%s: %s runs before %s', (f, a, b) => {
    expect(compareVersions(f, a, b)).toBe(-1);
    expect(compareVersions(f, b, a)).toBe(1);
  });

  it.each([
    ['plain', '0002', '2'],
    ['flyway', '1.0', '1'],
    ['flyway', '1.02.0', '1.2'],
  ] as const)('%s: %s and %s are one version', (f, a, b) => {
    expect(compareVersions(f, a, b)).toBe(0);
    expect(canonicalVersion(f, a)).toBe(canonicalVersion(f, b));
  });

  it('is a total order: antisymmetric, transitive, zero exactly for one canonical spelling', () => {
    fc.assert(
      fc.property(format, version, version, version, (f, a, b, c) => {
        const ab = compareVersions(f, a, b);
        expect(compareVersions(f, b, a)).toBe(ab === 0 ? 0 : -ab);
        expect(ab === 0).toBe(canonicalVersion(f, a) === canonicalVersion(f, b));
        const bc = compareVersions(f, b, c);
        if (ab <= 0 && bc <= 0) expect(compareVersions(f, a, c)).toBeLessThanOrEqual(0);
        if (ab >= 0 && bc >= 0) expect(compareVersions(f, a, c)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with flyway dotted versions part by part, missing parts zero', () => {
    fc.assert(
      fc.property(dotted, dotted, (a, b) => {
        const as = a.split('.').map(BigInt);
        const bs = b.split('.').map(BigInt);
        const length = Math.max(as.length, bs.length);
        const pad = (parts: bigint[]) => [...parts, ...Array<bigint>(length - parts.length).fill(0n)];
        const [x, y] = [pad(as), pad(bs)];
        const first = x.findIndex((part, i) => part !== y[i]);
        const expected = first < 0 ? 0 : (x[first] ?? 0n) < (y[first] ?? 0n) ? -1 : 1;
        expect(compareVersions('flyway', a, b)).toBe(expected);
      }),
    );
  });
});

/** The file a format's folder holds for a version, and its content. */
const FILES: Partial<Record<MigrationFormat, (version: string, i: number) => [string, string]>> = {
  plain: (v, i) => [`${v}_m${i}.sql`, 'SELECT 1;\n'],
  'golang-migrate': (v, i) => [`${v}_m${i}.up.sql`, 'SELECT 1;\n'],
  flyway: (v, i) => [`V${v}__m${i}.sql`, 'SELECT 1;\n'],
  dbmate: (v, i) => [`${v}_m${i}.sql`, '-- migrate:up\nSELECT 1;\n'],
  prisma: (v, i) => [`${v}_m${i}/migration.sql`, 'SELECT 1;\n'],
};

/** Distinct versions a format's tool writes: numbers (flyway: dotted), timestamps of one width for dbmate and prisma. */
function versionsOf(f: MigrationFormat): fc.Arbitrary<string[]> {
  const one =
    f === 'flyway'
      ? fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'))
      : f === 'dbmate' || f === 'prisma'
        ? fc.integer({ min: 0, max: 99_999 }).map((n) => `202401011${String(n).padStart(5, '0')}`)
        : fc.integer({ min: 0, max: 5000 }).map((n) => String(n).padStart(f === 'plain' ? 1 : 6, '0'));
  return fc.uniqueArray(one, { minLength: 1, maxLength: 6, selector: (v) => canonicalVersion(f, v) });
}

describe('compareVersions and the order each format applies its migrations', () => {
  it.each(Object.keys(FILES) as MigrationFormat[])('%s: the folder reads in version order', async (f) => {
    await fc.assert(
      fc.asyncProperty(versionsOf(f), async (versions) => {
        const dir = await mkdtemp(join(tmpdir(), 'sg-versions-'));
        try {
          for (const [i, v] of versions.entries()) {
            const [path, sql] = FILES[f]?.(v, i) ?? ['', ''];
            await mkdir(join(dir, path, '..'), { recursive: true });
            await writeFile(join(dir, path), sql);
          }
          const read = (await readMigrationFolder(dir, f)).migrations.map((m) => m.version);
          expect(read).toHaveLength(versions.length);
          for (let i = 1; i < read.length; i++) {
            expect(compareVersions(f, read[i - 1] ?? '', read[i] ?? '')).toBe(-1);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  });
});
