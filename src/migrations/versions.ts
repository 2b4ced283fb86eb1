/**
 * The one ordering of migration versions, per format, as each tool applies them:
 *
 * - flyway compares its dotted versions part by part as numbers, a missing part being
 *   zero (`1.2.9` < `1.2.10`, `1` = `1.0`);
 * - the others compare numeric-aware: runs of digits as numbers, anything else as text
 *   (`2` < `10`, `0002` = `2`, `0001_tag` < `0002_tag`). plain and golang-migrate order
 *   their numbers so; dbmate and prisma run files in name order, which is the same for
 *   the timestamps of one width they write; drizzle's journal numbers its tags in order.
 */
import type { MigrationFormat } from './formats.js';

/** A dotted flyway version, once `_` separators are read as dots. */
const FLYWAY_VERSION = /^\d+(?:\.\d+)*$/;

/** Code-unit order (not locale order), as the tools sort file names. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flyway: part by part as numbers, missing parts being zero. */
function compareDotted(a: string, b: string): number {
  const as = a.split('.').map(BigInt);
  const bs = b.split('.').map(BigInt);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const order = compareBigints(as[i] ?? 0n, bs[i] ?? 0n);
    if (order !== 0) return order;
  }
  return 0;
}

/** A version cut into runs of digits and runs of anything else. */
function runs(version: string): string[] {
  return version.match(/\d+|\D+/g) ?? [];
}

/** Runs of digits as numbers, other runs as text; a number sorts before text, a prefix before what extends it. */
function compareNatural(a: string, b: string): number {
  const as = runs(a);
  const bs = runs(b);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const [x = '', y = ''] = [as[i], bs[i]];
    const xNumber = /^\d/.test(x);
    const yNumber = /^\d/.test(y);
    const order =
      xNumber && yNumber
        ? compareBigints(BigInt(x), BigInt(y))
        : xNumber !== yNumber
          ? xNumber
            ? -1
            : 1
          : compareText(x, y);
    if (order !== 0) return order;
  }
  return Math.sign(as.length - bs.length);
}

/**
 * Orders two versions of a format as its tool applies them: negative when `a` runs
 * first, zero when they are one version however spelled, positive otherwise. A total
 * order on the versions the format's folders hold.
 */
export function compareVersions(format: MigrationFormat, a: string, b: string): number {
  // diesel orders its versions as text: `20240313` (from `2024-03-13_170000_…`) after `20240306170000`.
  if (format === 'diesel') return a < b ? -1 : a > b ? 1 : 0;
  if (format === 'flyway' && FLYWAY_VERSION.test(a) && FLYWAY_VERSION.test(b)) return compareDotted(a, b);
  return compareNatural(a, b);
}

/**
 * A version spelled canonically: two versions compare equal exactly when their canonical
 * spellings are equal (`01` and `1` are `1`; flyway's `1.0` is `1`; diesel's versions are text, as written).
 */
export function canonicalVersion(format: MigrationFormat, version: string): string {
  if (format === 'diesel') return version;
  if (format === 'flyway' && FLYWAY_VERSION.test(version)) {
    const parts = version.split('.').map(BigInt);
    while (parts.length > 1 && parts.at(-1) === 0n) parts.pop();
    return parts.join('.');
  }
  return version.replace(/\d+/g, (digits) => BigInt(digits).toString());
}
