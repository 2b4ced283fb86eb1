/**
 * The schema a Django project's models and migrations make: its own `migrate`, run by its own
 * Python on a shadow database (the embedded one through a local port, or a temporary database
 * on the configured shadow server), read back. Cached by the project's Python files, the
 * interpreter and the Django version, so that a repeat load runs neither Python nor a database.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type CachedShadowResult, cachedShadowBuild, ignoredByGit, shadowCacheKey } from '../../shadow/cache.js';
import { type ShadowOptions, buildOnServedShadow } from '../../shadow/shadow.js';
import { writeFileAtomic } from '../../schema/snapshot.js';
import { type ModelFile, modelCacheKey } from '../models/ddl-cache.js';
import { type DjangoAnswers, type DjangoProject, djangoAsk } from './runner.js';

/** Folders never searched for the project's Python files: other projects' code, caches, virtualenvs' packages. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'site-packages']);

/**
 * Every `.py` file under `root` (its models, migrations and settings among them), by path
 * relative to it, in path order; hidden folders, virtualenvs (a folder with `pyvenv.cfg`),
 * `node_modules` and `__pycache__` are skipped.
 */
export async function projectPythonFiles(root: string): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  const walk = async (folder: string, inProject: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    if (inProject && entries.some((entry) => entry.name === 'pyvenv.cfg')) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = inProject ? `${inProject}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(join(folder, entry.name), path);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        files.push({ path, content: await readFile(join(folder, entry.name), 'utf8') });
      }
    }
  };
  await walk(root, '');
  return files;
}

/** What a build learned of the Django it ran: its version, and its package's `__init__.py` with its content's hash. */
interface DjangoStamp {
  readonly version: string;
  readonly file: string;
  readonly hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The stamp saved for the project's inputs, if the Django it names is still installed as it was. */
async function currentStamp(file: string): Promise<DjangoStamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(file, 'utf8')) as DjangoStamp;
    return sha256(await readFile(stamp.file, 'utf8')) === stamp.hash ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the project's schema on a shadow database with its own `migrate`, or takes it from
 * the cache (`options.cacheDir`) when its Python files, interpreter, settings module and
 * installed Django are those of an earlier build: nothing is run then. The Django version is
 * known without Python from the stamp an earlier build left (Django's `__init__.py`, hashed).
 * With `applied` (`[app, name]` each), Django applies exactly those migrations, in that order,
 * instead of running `migrate`: the schema of a database whose history lists them.
 */
export async function djangoShadowBuild(
  project: DjangoProject,
  options: ShadowOptions & { readonly onProgress?: (step: string) => void },
  applied?: readonly (readonly [string, string])[],
): Promise<CachedShadowResult> {
  const files = await projectPythonFiles(project.cwd);
  const plan = applied ? [JSON.stringify(applied)] : [];
  const inputs = modelCacheKey(
    ['django', project.python, project.settings ?? '', shadowCacheKey([], options), ...plan],
    files,
  );
  const stampFile = join(options.cacheDir, 'django', `${inputs}.json`);
  const resultKey = (version: string) => modelCacheKey(['django', inputs, version], []);
  const build = async (): Promise<{ stamp: DjangoStamp; result: Awaited<ReturnType<typeof buildOnServedShadow>> }> => {
    let learned: DjangoStamp | undefined;
    const result = await buildOnServedShadow(options, async (url) => {
      let django: DjangoAnswers['version'];
      if (applied) {
        options.onProgress?.('Django applies the applied migrations on the shadow database');
        [django] = await djangoAsk(
          project,
          [{ command: 'version' }, { command: 'apply-migrations', migrations: applied }],
          {
            url,
          },
        );
      } else {
        options.onProgress?.("running Django's migrate on the shadow database");
        let output: string;
        [django, output] = await djangoAsk(project, [{ command: 'version' }, { command: 'migrate' }], { url });
        project.debug?.(
          `Django's migrate: ${output.split('\n').filter((line) => line.includes('Applying')).length} migrations applied`,
        );
      }
      learned = { ...django, hash: sha256(await readFile(django.file, 'utf8')) };
    });
    if (!learned) throw new Error('the shadow build ran without Django');
    return { stamp: learned, result };
  };
  const saveStamp = async (stamp: DjangoStamp) => {
    await ignoredByGit(options.cacheDir);
    await writeFileAtomic(stampFile, `${JSON.stringify(stamp)}\n`).catch(() => {});
  };
  const stamp = await currentStamp(stampFile);
  if (stamp) {
    return cachedShadowBuild(resultKey(stamp.version), options, async () => {
      const built = await build();
      await saveStamp(built.stamp);
      return built.result;
    });
  }
  const built = await build();
  await saveStamp(built.stamp);
  const kept = await cachedShadowBuild(resultKey(built.stamp.version), options, async () => built.result);
  return { ...kept, cached: false };
}
