/**
 * Benchmark: `schemaguard report` on generated schemas (bench/generate-schema.ts, mixed shape, seed 1):
 * the time to write the page, its size, and its time to interactive in Chromium (Debian's
 * /usr/bin/chromium driven by playwright-core, headless).
 *
 * Usage: `npm run bench:report -- [--sizes 1000,5000]`. Needs a built CLI (`npm run build`).
 * Each schema is loaded into an embedded PostgreSQL (PGlite) folder in a scratch directory, then
 * `node dist/cli/main.js report pglite:<folder> -o report.html` runs, and the page is opened from a
 * file: URL. "Interactive" is the moment the page's load event has ended (its script has run, the
 * search box and links answer); a search for one table is timed on top of that.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { generateSchemaSql } from './generate-schema.js';
import { dialectByName } from '../src/dialects/index.js';
import { REPO_ROOT, log } from './lib.js';

const CHROMIUM = '/usr/bin/chromium';

interface Row {
  tables: number;
  writeSeconds: number;
  megabytes: number;
  interactiveMs: number;
  searchMs: number;
}

async function measure(tables: number, scratch: string): Promise<Row> {
  const folder = join(scratch, `pg${tables}`);
  log(`loading ${tables} tables into PGlite`);
  const db = await dialectByName('postgres').connect(`pglite:${folder}`, { create: true });
  await db.exec(generateSchemaSql(tables));
  await db.close();
  const out = join(scratch, `report${tables}.html`);
  log('writing the report');
  const start = performance.now();
  execFileSync(process.execPath, [join(REPO_ROOT, 'dist/cli/main.js'), 'report', `pglite:${folder}`, '-o', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const writeSeconds = (performance.now() - start) / 1000;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(pathToFileURL(out).href, { waitUntil: 'load', timeout: 120_000 });
      runs.push((await page.evaluate("performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN")) as number);
    }
    // A search for one table: from the keystroke to the filtered list painted (the script waits 60 ms for more keys).
    const name = (await page.locator('section.obj.table').nth(10).getAttribute('data-n')) ?? '';
    // Passed as text: tsx would put its own helpers into a function, which the page does not have.
    const searchMs = (await page.evaluate(`new Promise((resolve) => {
      const box = document.getElementById('q');
      const shown = document.getElementById('shown');
      const before = shown.textContent;
      const start = performance.now();
      box.value = ${JSON.stringify(name)};
      box.dispatchEvent(new Event('input'));
      function check() {
        if (shown.textContent !== before) requestAnimationFrame(() => resolve(performance.now() - start));
        else requestAnimationFrame(check);
      }
      requestAnimationFrame(check);
    })`)) as number;
    return {
      tables,
      writeSeconds,
      megabytes: statSync(out).size / 1e6,
      interactiveMs: runs.sort((a, b) => a - b)[1] ?? Number.NaN,
      searchMs,
    };
  } finally {
    await browser.close();
  }
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000' } } });
const scratch = mkdtempSync(join(tmpdir(), 'sgbench-report-'));
const rows: Row[] = [];
try {
  for (const size of (values.sizes ?? '').split(',').map(Number)) rows.push(await measure(size, scratch));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(
  '| tables | write the report | page size | time to interactive (Chromium, median of 3) | search for one table |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.tables} | ${r.writeSeconds.toFixed(1)} s | ${r.megabytes.toFixed(1)} MB | ${Math.round(r.interactiveMs)} ms | ${Math.round(r.searchMs)} ms |`,
  );
}
