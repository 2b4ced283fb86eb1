/**
 * `init`'s look at a Django project, from its files alone (no Python is run): `manage.py`,
 * the settings module it names, the installed apps and the database engine of the settings.
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { kindOf, projectPath } from './init-detect.js';

/** A Django project's layout as init finds it from its files. Paths are relative to the project folder, with `/`. */
export interface DjangoLayout {
  /** `manage.py`, when there is one. */
  readonly manage?: string;
  /** The settings module (`lms.settings`): the `DJANGO_SETTINGS_MODULE` manage.py sets, or the one found. */
  readonly settings?: string;
  /** The settings module's file, when found. */
  readonly settingsFile?: string;
  /**
   * The entries of `INSTALLED_APPS` that are the project's own (a package in the project), by
   * package: `content.apps.ContentConfig` is `content`; `django.contrib.auth` is not one.
   */
  readonly projectApps: readonly string[];
  /** The engines the settings name (`postgresql`, `sqlite3`, …: the last part of `django.db.backends.…`). */
  readonly engines: readonly string[];
  /** The environment variable the settings read the database URL from, when they read one. */
  readonly urlEnv?: string;
}

/** The dialect of each Django database backend that has one (by the backend's last name). */
const ENGINE_DIALECTS: Readonly<Record<string, string>> = {
  postgresql: 'postgres',
  postgresql_psycopg2: 'postgres',
  postgis: 'postgres',
  mysql: 'mysql',
  sqlite3: 'sqlite',
  spatialite: 'sqlite',
};

/** The dialect name of a Django backend (`postgresql` → `postgres`), when schemaguard knows the engine by any name. */
export function engineDialect(engine: string): string | undefined {
  return ENGINE_DIALECTS[engine];
}

/** Folders never looked into for a project's `manage.py` or apps. */
const SKIPPED = new Set(['node_modules', 'venv', 'env', '__pycache__', 'site-packages', 'dist', 'build']);

/** Python source with its comments removed (strings are kept; a `#` inside one is rare in settings). */
function withoutComments(text: string): string {
  return text.replace(/(^|[^'"\w])#[^\n]*/g, '$1');
}

/** The string literals in a piece of Python source. */
function stringLiterals(text: string): string[] {
  return [...text.matchAll(/(['"])([^'"\n]*)\1/g)].map((m) => m[2] ?? '');
}

/** The settings module `manage.py` sets: `os.environ.setdefault('DJANGO_SETTINGS_MODULE', '…')`. */
function settingsModuleOf(manage: string): string | undefined {
  return /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(withoutComments(manage))?.[1];
}

/** The file of a module under a folder (`a/b.py` or `a/b/__init__.py`), absolute; undefined when there is none. */
export async function moduleFile(base: string, module: string): Promise<string | undefined> {
  const path = join(base, ...module.split('.'));
  if ((await kindOf(`${path}.py`)) === 'file') return `${path}.py`;
  if ((await kindOf(join(path, '__init__.py'))) === 'file') return join(path, '__init__.py');
  return undefined;
}

/**
 * The settings text with the modules it star-imports from the project (`from .base import *`,
 * `from lms.settings.base import *`), those first, three levels deep at most.
 */
async function settingsText(base: string, file: string, module: string, depth = 0): Promise<string> {
  const text = withoutComments(await readFile(file, 'utf8'));
  if (depth === 3) return text;
  const imported: string[] = [];
  for (const match of text.matchAll(/^from\s+(\.*)([\w.]*)\s+import\s+\*/gm)) {
    const [, dots = '', name = ''] = match;
    // A relative import is relative to the module's package (its own folder for a package's __init__).
    const packageParts = file.endsWith(`${sep}__init__.py`) ? module.split('.') : module.split('.').slice(0, -1);
    const target =
      dots === ''
        ? name
        : [...packageParts.slice(0, packageParts.length - (dots.length - 1)), name].filter(Boolean).join('.');
    const path = await moduleFile(base, target);
    if (path) imported.push(await settingsText(base, path, target, depth + 1));
  }
  return [...imported, text].join('\n');
}

/** Every entry of `INSTALLED_APPS = [...]` and `INSTALLED_APPS += [...]`. */
function installedAppsOf(text: string): string[] {
  const lists = text.matchAll(/\bINSTALLED_APPS\s*\+?=\s*(?:\[([^\]]*)\]|\(([^)]*)\))/g);
  return [...lists].flatMap((m) => stringLiterals(m[1] ?? m[2] ?? ''));
}

/** The database URL variable the settings read: the first environment variable whose name says it is one. */
function urlEnvOf(text: string): string | undefined {
  const reads = text.matchAll(
    /\b(?:environ(?:\.get)?|getenv|env(?:\.\w+)?|config)\s*[([]\s*(?:env\s*=\s*)?['"]([A-Z][A-Z0-9_]*)['"]/g,
  );
  const names = [...reads].map((m) => m[1] ?? '');
  return names.find((name) => /(DATABASE|DB).*URL|URL.*(DATABASE|DB)/.test(name));
}

/**
 * A settings module beside a folder's packages, when `manage.py` names none: a package's
 * `settings` module whose `INSTALLED_APPS` is set (in it or by a star import).
 */
async function findSettingsModule(base: string): Promise<string | undefined> {
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const folder of folders) {
    const module = `${folder}.settings`;
    const file = await moduleFile(base, module);
    if (file && /\bINSTALLED_APPS\s*=/.test(await settingsText(base, file, module))) return module;
  }
  return undefined;
}

/** `manage.py` in the project folder, else in one of its folders (the first by name). */
async function findManage(root: string): Promise<string | undefined> {
  if ((await kindOf(join(root, 'manage.py'))) === 'file') return join(root, 'manage.py');
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const folder of folders) {
    const path = join(root, folder, 'manage.py');
    if ((await kindOf(path)) === 'file') return path;
  }
  return undefined;
}

/**
 * The Django project in a folder: a `manage.py` (in it or in one of its folders), or a
 * settings module with `INSTALLED_APPS`; undefined when there is neither.
 */
export async function detectDjango(root: string): Promise<DjangoLayout | undefined> {
  const manage = await findManage(root);
  // Django puts manage.py's folder on the module path: the settings and apps are found from there.
  const base = manage ? dirname(manage) : root;
  const named = manage ? settingsModuleOf(await readFile(manage, 'utf8')) : undefined;
  const settings = named ?? (await findSettingsModule(base));
  if (!manage && !settings) return undefined;
  const file = settings ? await moduleFile(base, settings) : undefined;
  const text = file && settings ? await settingsText(base, file, settings) : '';
  const projectApps: string[] = [];
  for (const app of new Set(installedAppsOf(text))) {
    // `content.apps.ContentConfig` (or `content.ContentConfig`) is the package `content`: an AppConfig class.
    const parts = app.split('.');
    if (parts.length > 1 && /^[A-Z]/.test(parts.at(-1) ?? '')) parts.pop();
    if (parts.length > 1 && parts.at(-1) === 'apps') parts.pop();
    const packageName = parts.join('.');
    if ((await kindOf(join(base, ...packageName.split('.')))) === 'folder') projectApps.push(packageName);
  }
  const urlEnv = urlEnvOf(text);
  const engines = [
    ...new Set([...text.matchAll(/\bdjango(?:\.contrib\.gis)?\.db\.backends\.(\w+)/g)].map((m) => m[1] ?? '')),
  ];
  return {
    ...(manage ? { manage: projectPath(root, manage) } : {}),
    ...(settings ? { settings } : {}),
    ...(file ? { settingsFile: relative(root, resolve(file)).split(sep).join('/') } : {}),
    projectApps,
    engines,
    ...(urlEnv ? { urlEnv } : {}),
  };
}
