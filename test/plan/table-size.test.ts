/** How a plan's hazards say the size of a table (src/plan/table-size.ts). */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { hazardMessage } from '../../src/plan/hazard-text.js';
import { PlanSteps } from '../../src/plan/steps.js';
import { byteWords, rowWords, sizeWords } from '../../src/plan/table-size.js';

const retype: Change = {
  action: 'alter',
  objectType: 'column',
  path: 'app.invoice.total',
  table: 'app.invoice',
  severity: 'warning',
  hazards: ['table-rewrite', 'long-lock', 'may-fail'],
};

describe('table sizes in words', () => {
  it('says rows in thousands, millions and billions, with one decimal below ten', () => {
    expect(rowWords(1)).toBe('1 row');
    expect(rowWords(812)).toBe('812 rows');
    expect(rowWords(999)).toBe('999 rows');
    expect(rowWords(3400)).toBe('3.4 K rows');
    expect(rowWords(5000)).toBe('5 K rows');
    expect(rowWords(999_950)).toBe('1 M rows');
    expect(rowWords(12_345_678)).toBe('12 M rows');
    expect(rowWords(220_400_000)).toBe('220 M rows');
    expect(rowWords(1_230_000_000)).toBe('1.2 G rows');
  });

  it('says bytes in powers of 1024', () => {
    expect(byteWords(812)).toBe('812 B');
    expect(byteWords(16 * 1024)).toBe('16 KB');
    expect(byteWords(220 * 1024 ** 2)).toBe('220 MB');
    expect(byteWords(1.4 * 1024 ** 3)).toBe('1.4 GB');
    expect(byteWords(3 * 1024 ** 4)).toBe('3 TB');
  });

  it('says a size only when the statistics estimate rows in the table', () => {
    expect(sizeWords({ rows: 12_000_000, bytes: 1.4 * 1024 ** 3 })).toBe('about 12 M rows, 1.4 GB');
    expect(sizeWords({ rows: 3400 })).toBe('about 3.4 K rows');
    expect(sizeWords({ rows: 3400, bytes: 0 })).toBe('about 3.4 K rows');
    expect(sizeWords({ rows: 0, bytes: 16384 })).toBeUndefined();
    expect(sizeWords({ bytes: 16384 })).toBeUndefined();
    expect(sizeWords(undefined)).toBeUndefined();
  });

  it('puts the size into the sentences of hazards that rewrite or lock the table, and only those', () => {
    const steps = new PlanSteps(['alter'], undefined, { 'app.invoice': { rows: 12_000_000, bytes: 1.4 * 1024 ** 3 } });
    const statement = steps.statement('ALTER TABLE …', retype, retype.hazards);
    expect(statement.hazards.map((h) => h.message)).toEqual([
      'changes column app.invoice.total, rewriting table app.invoice (about 12 M rows, 1.4 GB)',
      'changes column app.invoice.total, locking table app.invoice (about 12 M rows, 1.4 GB) while it checks every row',
      'changes column app.invoice.total; fails if existing rows do not fit',
    ]);
    // Without sizes, or for another table, the sentences are as they were.
    const other = new PlanSteps(['alter'], undefined, { 'app.orders': { rows: 5000 } });
    expect(other.statement('ALTER TABLE …', retype, ['table-rewrite']).hazards[0]?.message).toBe(
      'changes column app.invoice.total, rewriting table app.invoice',
    );
    // A dialect's own sentence is kept, with the size after it.
    const own = hazardMessage('table-rewrite', retype, () => 'rebuilds the table', 'about 3.4 K rows');
    expect(own).toBe('rebuilds the table; table app.invoice holds about 3.4 K rows');
  });
});
