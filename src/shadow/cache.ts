import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSnapshot,
  notIncludedMeta,
  parseSnapshot,
  serializeSnapshot,
  writeFileAtomic,
} from '../schema/snapshot.js';
import { emptySchema } from '../schema/model.js';
import { TOOL_VERSION } from '../version.js';
import { type ShadowOptions, type ShadowResult, type ShadowStep, buildOnShadow } from './shadow.js';

/**
 * The cache key of a shadow build: everything its result depends on (the SQL of every
 * step and whether it runs in a transaction, schemaguard's version, the shadow server or
 * the embedded database's version).
 */
export function shadowCacheKey(
  steps: readonly ShadowStep[],
  options: Pick<ShadowOptions, 'server' | 'dialect'>,
): string {
  const hash = createHash('sha256');
  // The server itself counts (another server may run another version), not only the kind.
  hash.update(`schemaguard ${TOOL_VERSION}\u0000${options.server ?? options.dialect.shadow.embeddedEngine()}\u0000`);
  // So does the model: a result cached before a kind was modelled would leave that kind out.
  hash.update(`${Object.keys(emptySchema()).join(',')}\u0000`);
  for (const step of steps) hash.update(`${step.declaredTransactional ?? step.transactional}\u0000${step.sql}\u0000`);
  return hash.digest('hex');
}

/** A cache folder keeps itself out of git, whatever the project's .gitignore says. */
export async function ignoredByGit(cacheDir: string): Promise<void> {
  const file = join(cacheDir, '.gitignore');
  if (!existsSync(file))
    await writeFileAtomic(file, '# Written by schemaguard: this cache is not for git.\n*\n').catch(() => {});
}

/** A shadow build's result and whether it came from the cache. */
export interface CachedShadowResult extends ShadowResult {
  readonly cached: boolean;
}

/** How much cache text (in characters) a process keeps in memory (see {@link rememberedBuilds}). */
const REMEMBERED_TEXT = 32 * 1024 * 1024;

/**
 * The cache entries this process wrote or read last, by key, as the text of the file: a
 * process that runs many commands on many projects (the library, a test suite) builds the
 * same steps once, not once per cache folder. The text, not the objects: every caller gets
 * its own copy, as from the file. The oldest go first once they hold more than 32M characters.
 */
const rememberedBuilds = new Map<string, string>();
let rememberedText = 0;

function remember(key: string, text: string): void {
  const known = rememberedBuilds.get(key);
  if (known !== undefined) {
    rememberedBuilds.delete(key);
    rememberedText -= known.length;
  }
  if (text.length > REMEMBERED_TEXT) return;
  rememberedBuilds.set(key, text);
  rememberedText += text.length;
  for (const [oldKey, oldText] of rememberedBuilds) {
    if (rememberedText <= REMEMBERED_TEXT) break;
    rememberedBuilds.delete(oldKey);
    rememberedText -= oldText.length;
  }
}

/**
 * Builds a schema on a shadow database, or returns it from the cache when the same
 * steps were built before (in this cache folder, or by this process for another one):
 * a repeat run with unchanged inputs starts no database.
 */
export function loadThroughShadow(steps: readonly ShadowStep[], options: ShadowOptions): Promise<CachedShadowResult> {
  return cachedShadowBuild(shadowCacheKey(steps, options), options, () => buildOnShadow(steps, options));
}

/**
 * The result of a shadow build kept in the cache folder under `key` (or remembered by this
 * process), else `build`'s, which is then kept: for builds whose inputs are not SQL steps (a
 * Django project's `migrate`), keyed by their own inputs. A damaged entry is rebuilt.
 */
export async function cachedShadowBuild(
  key: string,
  options: Pick<ShadowOptions, 'cacheDir' | 'dialect'>,
  build: () => Promise<ShadowResult>,
): Promise<CachedShadowResult> {
  const { cacheDir } = options;
  const file = join(cacheDir, 'shadow', `${key}.json`);
  const remembered = rememberedBuilds.get(key);
  const text = existsSync(file) ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
  for (const cached of [text, remembered]) {
    if (cached === undefined) continue;
    try {
      const snapshot = await parseSnapshot(cached, file, { recomputeHash: false });
      remember(key, cached);
      if (cached !== text) await saveEntry(cacheDir, file, cached);
      return {
        schema: snapshot.schema,
        serverVersion: snapshot.meta.serverVersion ?? '',
        notIncluded: snapshot.meta.notIncluded,
        cached: true,
      };
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const result = await build();
  const snapshot = createSnapshot(options.dialect.name, result.schema, {
    serverVersion: result.serverVersion,
    source: 'shadow',
    notIncluded: notIncludedMeta(result.notIncluded),
  });
  const serialized = serializeSnapshot(snapshot);
  remember(key, serialized);
  await saveEntry(cacheDir, file, serialized);
  return { ...result, schema: snapshot.schema, cached: false };
}

/** Writes a cache entry; a cache that cannot be written only costs time. */
async function saveEntry(cacheDir: string, file: string, text: string): Promise<void> {
  await ignoredByGit(cacheDir);
  await writeFileAtomic(file, text).catch(() => {});
}
