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
  for (const step of steps) hash.update(`${step.transactional}\u0000${step.sql}\u0000`);
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

/**
 * Builds a schema on a shadow database, or returns it from the cache when the same
 * steps were built before: a repeat run with unchanged inputs starts no database.
 */
export async function loadThroughShadow(
  steps: readonly ShadowStep[],
  options: ShadowOptions,
): Promise<CachedShadowResult> {
  const file = join(options.cacheDir, 'shadow', `${shadowCacheKey(steps, options)}.json`);
  if (existsSync(file)) {
    try {
      const snapshot = await parseSnapshot(await readFile(file, 'utf8'), file, { recomputeHash: false });
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
  const result = await buildOnShadow(steps, options);
  await ignoredByGit(options.cacheDir);
  const snapshot = createSnapshot(options.dialect.name, result.schema, {
    serverVersion: result.serverVersion,
    source: 'shadow',
    notIncluded: notIncludedMeta(result.notIncluded),
  });
  await writeFileAtomic(file, serializeSnapshot(snapshot)).catch(() => {});
  return { ...result, schema: snapshot.schema, cached: false };
}
