/** How a plan's hazards say the size of a table (src/plan/table-size.ts). */
import { describe, expect, it } from 'vitest';
import { byteWords, rowWords, sizeWords } from '../../src/plan/table-size.js';

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
});
