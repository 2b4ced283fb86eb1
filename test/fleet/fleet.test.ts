/**
 * The fleet's parts that need no database: the shards, the scheduler (concurrency, canary,
 * --max-failures, interruption, timeouts), the grouping of results and the reports that
 * shard runs write and `fleet merge` reads.
 */
import { describe, expect, it } from 'vitest';
import { FleetSummary, mergeReports, parseReport, renderSummaryText, reportLine } from '../../src/fleet/report.js';
import { type TargetResult, runFleet } from '../../src/fleet/run.js';
import { type FleetTarget, nameOfUrl, parseShard, shardOf } from '../../src/fleet/targets.js';

const targets = (n: number, prefix = 'tenant_'): FleetTarget[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${String(i + 1).padStart(4, '0')}`, ref: 'env:x' }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shards', () => {
  it('cover every target exactly once, whatever the order of the list, and stay put when targets come and go', () => {
    const all = targets(1000).map((t) => t.name);
    const of = (names: string[]) => new Map(names.map((n) => [n, shardOf(n, 4)]));
    const first = of(all);
    expect([...first.values()].every((s) => s >= 1 && s <= 4)).toBe(true);
    const sizes = [1, 2, 3, 4].map((s) => [...first.values()].filter((v) => v === s).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(1000);
    // Balanced enough for a CI matrix: no shard has less than a fifth of the targets.
    for (const size of sizes) expect(size).toBeGreaterThan(200);
    const reversed = of([...all].reverse());
    for (const name of all) expect(reversed.get(name)).toBe(first.get(name));
    const grown = of([...all, 'tenant_new_1', 'tenant_new_2']);
    for (const name of all) expect(grown.get(name)).toBe(first.get(name));
  });

  it('--shard reads I/N and refuses anything else in one sentence', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1', 'a/b', '1/0', '-1/2']) {
      expect(() => parseShard(bad)).toThrow(`--shard takes I/N with 1 ≤ I ≤ N (such as 2/4), not "${bad}".`);
    }
  });

  it('names a URL target without its scheme, password or query', () => {
    expect(nameOfUrl('postgres://app:s3cret@db.example.com:5432/shop?sslmode=require')).toBe(
      'db.example.com:5432/shop',
    );
    expect(nameOfUrl('sqlite:./tenants/acme.db')).toBe('./tenants/acme.db');
  });
});

describe('runFleet', () => {
  it('runs at most `concurrency` targets at once and reports each once', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    const end = await runFleet(
      targets(20),
      async () => {
        most = Math.max(most, ++running);
        await sleep(5);
        running--;
        return { outcome: 'ok', details: [] };
      },
      { concurrency: 3, onResult: (r) => void seen.push(r.name) },
    );
    expect(most).toBe(3);
    expect(seen.sort()).toEqual(targets(20).map((t) => t.name));
    expect(end).toEqual({ ran: 20, notStarted: [] });
  });

  it('runs the canary alone first and stops when one of it fails', async () => {
    const started: string[] = [];
    const end = await runFleet(
      targets(10),
      async (target) => {
        started.push(target.name);
        return target.name === 'tenant_0002'
          ? { outcome: 'failed', details: [], error: 'boom' }
          : { outcome: 'ok', details: [] };
      },
      { concurrency: 4, canary: 3, onResult: () => {} },
    );
    expect(started.sort()).toEqual(['tenant_0001', 'tenant_0002', 'tenant_0003']);
    expect(end.stoppedBy).toBe('canary');
    expect(end.notStarted).toHaveLength(7);
  });

  it('goes on after a canary that passed, and starts no new target after --max-failures failures', async () => {
    const started: string[] = [];
    const end = await runFleet(
      targets(12),
      async (target) => {
        started.push(target.name);
        const n = Number(target.name.slice(-4));
        return n >= 5 && n % 2 === 1
          ? { outcome: 'error', details: [], error: 'unreachable' }
          : { outcome: 'ok', details: [] };
      },
      { concurrency: 1, canary: 2, maxFailures: 2, onResult: () => {} },
    );
    // 5 and 7 fail: the second failure stops the run before 8.
    expect(started).toEqual(targets(7).map((t) => t.name));
    expect(end.stoppedBy).toBe('max-failures');
    expect(end.notStarted).toEqual(
      targets(12)
        .slice(7)
        .map((t) => t.name),
    );
  });

  it('when stopped, starts nothing new and waits for the targets under way, which see their signal aborted', async () => {
    const stop = new AbortController();
    const results: TargetResult[] = [];
    const end = await runFleet(
      targets(10),
      async (target, signal) => {
        if (target.name === 'tenant_0002') stop.abort();
        await sleep(20);
        return signal.aborted ? { outcome: 'stopped', details: [] } : { outcome: 'ok', details: [] };
      },
      { concurrency: 2, stop: stop.signal, onResult: (r) => void results.push(r) },
    );
    expect(results.map((r) => [r.name, r.outcome]).sort()).toEqual([
      ['tenant_0001', 'stopped'],
      ['tenant_0002', 'stopped'],
    ]);
    expect(end.stoppedBy).toBe('interrupted');
    expect(end.notStarted).toHaveLength(8);
  });

  it('reports a target past its time as timed out, aborts its signal and waits for it to stop', async () => {
    let stoppedAfterAbort = false;
    const results: TargetResult[] = [];
    await runFleet(
      targets(2),
      async (target, signal) => {
        if (target.name === 'tenant_0001') return { outcome: 'ok', details: [] };
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        stoppedAfterAbort = true;
        return { outcome: 'ok', details: [] };
      },
      { concurrency: 2, timeoutMs: 30, onResult: (r) => void results.push(r) },
    );
    expect(stoppedAfterAbort).toBe(true);
    const late = results.find((r) => r.name === 'tenant_0002');
    expect(late).toMatchObject({ outcome: 'timeout', error: 'took longer than 0.03 s' });
    expect(late?.ms).toBeGreaterThanOrEqual(25);
  });

  it('turns a thrown error into the target’s error, not the run’s', async () => {
    const results: TargetResult[] = [];
    await runFleet(
      targets(2),
      async (target) => {
        if (target.name === 'tenant_0001') throw new Error('connection refused');
        return { outcome: 'ok', details: [] };
      },
      { concurrency: 1, onResult: (r) => void results.push(r) },
    );
    expect(results.map((r) => r.outcome)).toEqual(['error', 'ok']);
    expect(results[0]?.error).toBe('connection refused');
  });
});

/** Results of a fleet where most targets match, some miss an index and one has an extra column. */
function driftedResults(): TargetResult[] {
  return targets(200).map((t, i) => {
    if (i % 20 === 3)
      return {
        name: t.name,
        outcome: 'differs',
        ms: 5,
        details: ['- index public.orders.orders_created_idx [warning]'],
      };
    if (i === 150)
      return { name: t.name, outcome: 'differs', ms: 5, details: ['+ column public.users.nickname [info]'] };
    if (i === 199) return { name: t.name, outcome: 'error', ms: 5, details: [], error: 'could not connect' };
    return { name: t.name, outcome: 'ok', ms: 5, details: [] };
  });
}

describe('the summary', () => {
  it('groups targets with the same result, largest first, so 200 targets read as a few lines', () => {
    const summary = new FleetSummary('tenants', 'compare');
    for (const result of driftedResults()) summary.add(result);
    expect(summary.counts).toMatchObject({ ok: 188, differs: 11, error: 1 });
    expect(summary.ordered().map((g) => [g.outcome, g.names.length])).toEqual([
      ['ok', 188],
      ['differs', 10],
      ['differs', 1],
      ['error', 1],
    ]);
    const text = renderSummaryText(summary);
    expect(text).toContain('Fleet tenants, compare: 200 targets');
    expect(text).toContain('188 match');
    expect(text).toMatch(
      / {3}10 differ:\n {8}- index public\.orders\.orders_created_idx \[warning\]\n {8}\(tenant_0004, tenant_0024, /,
    );
    expect(text).toContain('and 2 more)');
    expect(text).toContain('    1 could not run: could not connect\n        (tenant_0200)');
    expect(text.trimEnd().split('\n').length).toBeLessThan(15);
    expect(text).toMatch(/188 ok, 11 differs, 1 error\.\n$/);
    expect(summary.exitCode).toBe(1);
  });
});

describe('reports', () => {
  /** The report a shard run would write for these results. */
  function shardReport(results: TargetResult[], shard?: string): string {
    return [
      reportLine({
        fleet: 'tenants',
        command: 'compare',
        ...(shard ? { shard } : {}),
        targets: results.length,
        started: 'now',
      }),
      ...results.map(reportLine),
      reportLine({ done: true, ms: 10, notStarted: [] }),
    ].join('');
  }

  it('merged from shards give the summary of one run', () => {
    const results = driftedResults();
    const whole = new FleetSummary('tenants', 'compare');
    whole.planned = results.length;
    for (const result of results) whole.add(result);
    const shards = [1, 2, 3, 4].map((index) =>
      parseReport(
        shardReport(
          results.filter((r) => shardOf(r.name, 4) === index),
          `${index}/4`,
        ),
        `shard-${index}.jsonl`,
      ),
    );
    const merged = mergeReports(shards.map((s, i) => ({ ...s, shownAs: `shard-${i + 1}.jsonl` })));
    expect(renderSummaryText(merged)).toBe(renderSummaryText(whole));
    expect(merged.exitCode).toBe(1);
  });

  it('refuse a missing or repeated shard, a target in two reports, a report cut short or of another command', () => {
    const one = (shard: string, names: string[]) => ({
      ...parseReport(
        shardReport(
          names.map((name) => ({ name, outcome: 'ok', ms: 1, details: [] })),
          shard,
        ),
        shard,
      ),
      shownAs: `r${shard.replace('/', 'of')}.jsonl`,
    });
    expect(() => mergeReports([one('1/3', ['a']), one('3/3', ['c'])])).toThrow(
      "Shard 2/3 is missing: the fleet is covered only with every shard's report.",
    );
    expect(() => mergeReports([one('1/2', ['a']), one('1/2', ['b'])])).toThrow(
      'r1of2.jsonl and r1of2.jsonl are both shard 1/2.',
    );
    expect(() => mergeReports([one('1/2', ['a']), one('2/2', ['a'])])).toThrow(
      'The target a is in more than one report (r2of2.jsonl).',
    );
    expect(() => mergeReports([one('1/2', ['a']), one('2/3', ['b'])])).toThrow(
      'is shard 2/3, but another report is of 2 shards.',
    );
    const cut = shardReport([{ name: 'a', outcome: 'ok', ms: 1, details: [] }])
      .split('\n')
      .slice(0, 2)
      .join('\n');
    expect(() => parseReport(cut, 'cut.jsonl')).toThrow('cut.jsonl is incomplete: its run stopped before the end');
    expect(() => parseReport('{"x":1}\n', 'x.jsonl')).toThrow(
      'x.jsonl is not a fleet report: its first line is not a report header.',
    );
    expect(() => parseReport('not json\n', 'y.jsonl')).toThrow('y.jsonl is not a fleet report: line 1 is not JSON.');
    const status = { ...one('1/1', ['a']), header: { ...one('1/1', ['a']).header, command: 'status' as const } };
    expect(() => mergeReports([one('1/2', ['a']), status])).toThrow(
      'is a report of fleet tenants status, not of tenants compare.',
    );
  });
});
