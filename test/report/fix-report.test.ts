import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { type CompareReport, renderGithub, renderJson, renderMarkdown, renderText } from '../../src/report/compare.js';

/** A report that comes with a fix: read the way the fix goes, with what models cannot express listed. */
const table: Change = {
  action: 'add',
  objectType: 'table',
  path: 'public.author',
  table: 'public.author',
  after: { schema: 'public', name: 'author', columns: [] },
  severity: 'breaking',
  hazards: [],
};
const column: Change = {
  action: 'drop',
  objectType: 'column',
  path: 'public.post.legacy',
  table: 'public.post',
  before: { name: 'legacy', type: 'text' },
  severity: 'warning',
  hazards: ['data-loss'],
};
const report: CompareReport = {
  from: 'pglite:./dev',
  to: 'prisma:./schema.prisma',
  changes: [table, column],
  fix: true,
  notDescribed: {
    orm: 'prisma',
    objects: [
      { objectType: 'function', path: 'public.touch()' },
      { objectType: 'trigger', path: 'public.post.post_touch' },
    ],
  },
};

describe('a report that comes with a fix', () => {
  it('labels each difference by what the fix does, and lists what the models cannot express', () => {
    const text = renderText(report, { color: false });
    expect(text).toContain('Bringing pglite:./dev to prisma:./schema.prisma');
    expect(text).toContain('  + table public.author [breaking]\n      fix: create table, no hazard');
    expect(text).toContain('  - column legacy [warning]\n      fix: drop column, data-loss');
    expect(text).toContain(
      'Not described by the prisma models, so not compared (strict mode compares them, see docs/models.md):\n  function (1): public.touch()\n  trigger (1): public.post.post_touch',
    );
  });

  it('says it in JSON, Markdown and GitHub annotations too', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.differences.map((d: { fix: string }) => d.fix)).toEqual(['create table', 'drop column']);
    expect(json.notDescribed.objects).toHaveLength(2);
    expect(renderMarkdown(report)).toContain('fix: drop column, data-loss');
    expect(renderMarkdown(report)).toContain('- function (1): public.touch()');
    expect(renderGithub(report)).toMatch(/::notice title=schema%3A not described by the prisma models::/);
  });
});
