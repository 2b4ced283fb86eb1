import { describe, expect, it } from 'vitest';
import { type CompareReport, renderGithub, renderJson, renderMarkdown, renderText } from '../../src/report/compare.js';

const line = 'extension pgcrypto: 1.4 on PostgreSQL 18.6, 1.3 on PostgreSQL 15.20: not compared across versions';
const report: CompareReport = {
  from: 'the migrations applied (1)',
  to: 'postgres://db/app',
  changes: [],
  acrossVersions: [line],
};

describe('what was not compared across server versions, in every report format', () => {
  it('is one info line, and no difference', () => {
    const text = renderText(report, { color: false });
    expect(text).toContain(`info: ${line}\n\nNo differences.`);
    const json = JSON.parse(renderJson(report));
    expect(json.acrossVersions).toEqual([line]);
    expect(json.notCompared).toEqual([]);
    expect(json.summary.total).toBe(0);
    expect(renderMarkdown(report)).toContain(`Not compared across server versions:\n\n- ${line}\n`);
    expect(renderGithub(report)).toBe(`::notice title=schema%3A not compared across versions::${line}\n`);
  });

  it('leaves the reports as they were when everything was compared', () => {
    const plain: CompareReport = { ...report, acrossVersions: [] };
    expect(JSON.parse(renderJson(plain))).not.toHaveProperty('acrossVersions');
    expect(renderText(plain, { color: false })).not.toContain('info:');
    expect(renderGithub(plain)).toBe('');
  });
});
