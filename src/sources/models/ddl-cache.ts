import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../schema/snapshot.js';
import { ignoredByGit } from '../../shadow/cache.js';
import { TOOL_VERSION } from '../../version.js';

/** One model file as the ORM reads it: its path inside the models' folder and its text. */
export interface ModelFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The cache key of a model build: schemaguard's version, what builds it (the ORM, its engine's
 * and the scratch database's versions), and every model file's path and content.
 */
export function modelCacheKey(builder: readonly string[], files: readonly ModelFile[]): string {
  const hash = createHash('sha256');
  // Each part is prefixed with its length, so no two different inputs hash alike.
  for (const part of [`schemaguard ${TOOL_VERSION}`, ...builder, ...files.flatMap((f) => [f.path, f.content])]) {
    hash.update(`${part.length}:${part}`);
  }
  return hash.digest('hex');
}

/**
 * The DDL of models, from the cache folder when models with the same key were built before
 * (nothing is started then), else from `build`, which is then saved. A damaged entry is rebuilt.
 */
export async function cachedModelDdl(
  cacheDir: string,
  key: string,
  build: () => Promise<string[]>,
): Promise<{ statements: string[]; cached: boolean }> {
  const file = join(cacheDir, 'models', `${key}.json`);
  const saved = await readFile(file, 'utf8')
    .then((text) => (JSON.parse(text) as { statements?: unknown }).statements)
    .catch(() => undefined);
  if (Array.isArray(saved) && saved.length > 0 && saved.every((s) => typeof s === 'string')) {
    return { statements: saved as string[], cached: true };
  }
  const statements = await build();
  await ignoredByGit(cacheDir);
  await writeFileAtomic(file, `${JSON.stringify({ statements }, null, 2)}\n`).catch(() => {});
  return { statements, cached: false };
}
