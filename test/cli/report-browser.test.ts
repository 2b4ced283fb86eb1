/**
 * The report in a real browser: Debian's chromium driven by playwright-core (headless, no
 * sandbox). Skipped, saying so, when /usr/bin/chromium is missing — unless
 * SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 (CI), where a missing browser fails.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemaSql } from '../../bench/generate-schema.js';
import { openEmbeddedFolder } from '../helpers/databases.js';
import { runCli } from '../helpers/cli.js';
import { NEIGHBOURHOOD_PICTURES, PICTURE_TABLES } from '../../src/report/html/diagrams.js';

const CHROMIUM = '/usr/bin/chromium';
/** The tables of the generated schema: past {@link NEIGHBOURHOOD_PICTURES} and {@link PICTURE_TABLES}. */
const BIG_TABLES = 300;
const REQUIRE = process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  if (REQUIRE)
    throw new Error(`SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but ${CHROMIUM} is missing (apt-get install chromium).`);
  console.warn(`\n[schemaguard tests] ${CHROMIUM} is missing: the report's browser tests are SKIPPED.\n`);
}

const LMS = join(import.meta.dirname, '..', '..', 'examples', 'lms', 'migrations');
const workdir = mkdtempSync(join(tmpdir(), 'sg-report-browser-'));
let browser: Browser;
let page: Page;

async function folderWith(name: string, ...sql: string[]): Promise<string> {
  const dir = join(workdir, name);
  const db = await openEmbeddedFolder(dir);
  for (const text of sql) await db.exec(text);
  await db.close();
  return dir;
}

async function report(file: string, ...args: string[]): Promise<string> {
  const out = join(workdir, file);
  const result = await runCli(['report', ...args, '-o', out]);
  expect(result.code, result.stderr).toBe(0);
  return pathToFileURL(out).href;
}

/** The tables of a ref, as `dump` finds them. */
async function tableCount(ref: string): Promise<number> {
  const result = await runCli(['dump', ref]);
  return (JSON.parse(result.stdout) as { schema: { tables: unknown[] } }).schema.tables.length;
}

/** The tables the diagrams colour, by mark: `{ added: ['public.x'], … }`. */
function colouredTables(): Promise<Record<string, string[]>> {
  // Text, run in the page (the tests are typed without the DOM).
  return page.evaluate(`(() => {
    const out = {};
    for (const mark of ['added', 'dropped', 'altered']) {
      const names = new Set();
      for (const node of document.querySelectorAll('#diagrams svg g.node.' + mark)) {
        const title = node.querySelector('a')?.getAttribute('xlink:title') ?? node.querySelector('title')?.textContent;
        if (title) names.add(title);
      }
      out[mark] = [...names].sort();
    }
    return out;
  })()`);
}

const initial = readFileSync(join(LMS, '0001_initial.sql'), 'utf8');
const second = readFileSync(join(LMS, '0002_asset_resource.sql'), 'utf8');
let lms = '';
let lmsDir = '';
let change = '';
let big = '';
let bigDir = '';

beforeAll(async () => {
  if (!hasBrowser) return;
  const beforeDir = await folderWith(
    'lms-before',
    initial,
    'CREATE TABLE public.legacy_note (id integer PRIMARY KEY, body text)',
  );
  lmsDir = await folderWith('lms', initial, second);
  const afterDir = await folderWith('lms-after', initial, second, 'CREATE TABLE public.badge (id integer PRIMARY KEY)');
  // More tables than one picture draws and than the report lays out neighbourhoods for (the
  // report's speed at 1,000 and 5,000 tables is measured by bench/report.ts).
  bigDir = await folderWith('big', generateSchemaSql(BIG_TABLES));
  lms = await report('lms.html', `pglite:${lmsDir}`);
  change = await report('change.html', `pglite:${afterDir}`, '--against', `pglite:${beforeDir}`);
  big = await report('big.html', `pglite:${bigDir}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasBrowser)('the report in Chromium', () => {
  it("the example project's report: every table, search, a click that scrolls and highlights", async () => {
    await page.goto(lms);
    expect(await page.locator('section.obj.table').count()).toBe(await tableCount(`pglite:${lmsDir}`));
    // Search filters the list and the sections.
    await page.fill('#q', 'enroll');
    await expect.poll(() => page.locator('#shown').textContent()).toBe('1');
    expect(await page.locator('#hits li').allTextContents()).toEqual(['public.enrollment']);
    expect(await page.locator('#table-public\\.asset').isHidden()).toBe(true);
    await page.fill('#q', '');
    await expect.poll(() => page.locator('#table-public\\.asset').isVisible()).toBe(true);
    // A click on a table: the page goes to it and the diagram highlights it.
    await page.click('#nav a[href="#table-public.lesson"]');
    const section = page.locator('#table-public\\.lesson');
    await expect.poll(() => section.getAttribute('class')).toContain('hl');
    const box = await section.boundingBox();
    expect(box && box.y >= -1 && box.y < 100).toBe(true);
    const highlighted = await page.evaluate(
      `[...document.querySelectorAll('#diagrams svg g.node.hl')].map((n) => n.querySelector('a')?.getAttribute('xlink:title'))`,
    );
    expect(highlighted).toEqual(['public.lesson']);
    // The wheel zooms the diagram and a drag pans it: its viewBox changes, double-click puts it back.
    const svg = page.locator('#diagrams svg').first();
    const viewBox = async () => ((await svg.getAttribute('viewBox')) ?? '').split(/\s+/).map(Number).join(' ');
    const start = await viewBox();
    await svg.scrollIntoViewIfNeeded();
    const area = await svg.boundingBox();
    if (!area) throw new Error('the diagram is not on the page');
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(viewBox).not.toBe(start);
    const zoomed = await viewBox();
    await page.mouse.down();
    await page.mouse.move(area.x + area.width / 2 + 80, area.y + area.height / 2 + 40);
    await page.mouse.up();
    expect(await viewBox()).not.toBe(zoomed);
    await svg.dblclick();
    expect(await viewBox()).toBe(start);
    // A screenshot that is not blank: many colours, not one.
    const png = await page.screenshot();
    // Counted in a blank page: the report's own policy lets no image in, not even a data: one.
    const blank = await browser.newPage();
    const colours = await blank.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${png.toString('base64')}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const seen = new Set();
      for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      return seen.size;
    })()`);
    await blank.close();
    expect(colours).toBeGreaterThan(10);
  });

  it('--against colours exactly the changed tables', async () => {
    await page.goto(change);
    expect(await colouredTables()).toEqual({
      added: ['public.badge'],
      dropped: ['public.legacy_note'],
      altered: ['public.asset'],
    });
    expect(await page.locator('#changes tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('#changes pre.sql').textContent()).toContain('DROP TABLE');
  });

  it('a generated 300-table schema: every table, search, a click that highlights', async () => {
    expect(BIG_TABLES).toBeGreaterThan(Math.max(NEIGHBOURHOOD_PICTURES, PICTURE_TABLES));
    const started = Date.now();
    await page.goto(big, { timeout: 60_000 });
    const loaded = Date.now() - started;
    expect(loaded).toBeLessThan(20_000);
    expect(await page.locator('section.obj.table').count()).toBe(await tableCount(`pglite:${bigDir}`));
    const first = await page.locator('section.obj.table').nth(10).getAttribute('id');
    const name = (first ?? '').slice('table-'.length);
    await page.fill('#q', name);
    await expect.poll(() => page.locator('#hits li').count()).toBeLessThan(20);
    for (const text of await page.locator('#hits li').allTextContents()) expect(text).toContain(name);
    await page.locator(`#hits a[href="#${first}"]`).click();
    await expect.poll(() => page.locator(`[id="${first}"]`).getAttribute('class')).toContain('hl');
    // A table of a big schema has its own neighbourhood diagram, where it is highlighted too.
    expect(await page.locator(`[id="${first}"] details.pic svg g.node.hl`).count()).toBe(1);

    // Past the neighbourhoods laid out when the report was written, the page draws one when it
    // is opened: the table, the tables it references and those referencing it, each a link.
    const last = page.locator('section.obj.table details.nb').last().locator('xpath=..');
    const lastId = (await last.getAttribute('id')) as string;
    const references = await last
      .locator('ul.defs a[href^="#table-"]')
      .evaluateAll((links) => links.map((a) => decodeURIComponent((a.getAttribute('href') ?? '').slice(1))));
    const referencedBy = (await page.evaluate(`(() => {
      const from = new Set();
      for (const a of document.querySelectorAll('section.table ul.defs a[href^="#table-"]')) {
        const section = a.closest('section');
        if (decodeURIComponent(a.getAttribute('href').slice(1)) === ${JSON.stringify(lastId)} && section.id !== ${JSON.stringify(lastId)}) from.add(section.id);
      }
      return [...from];
    })()`)) as string[];
    expect(references.length + referencedBy.length).toBeGreaterThan(0);
    await page.goto(`${big}#${encodeURIComponent(lastId)}`);
    await last.locator('details.nb summary').click();
    const drawn = last.locator('details.nb svg');
    await expect.poll(() => drawn.count()).toBe(1);
    const linked = await drawn.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(new Set(linked)).toEqual(
      new Set([lastId, ...references.filter((r) => r !== lastId), ...referencedBy].map((id) => `#${id}`)),
    );
    expect(await drawn.locator('g.node.hl').count()).toBe(1);
  });
});
