import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { environmentUrl, type ResolvedConfig } from '../config/load.js';
import { dialectByName, dialectForUrl } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { checkDrizzleModels } from './models/drizzle.js';
import { checkPrismaModels } from './models/prisma.js';
import { djangoProject } from './django/runner.js';
import { type ParsedRef, parseRef } from './ref.js';
import { migrationSteps, sqlSteps } from './shadow-refs.js';

/**
 * Checks that refs can be loaded, without loading them: files and folders exist, a
 * migrations ref's version is in its folder, an environment has a URL, and the packages a
 * models ref needs are installed, a database URL is well-formed. Throws the first problem as one sentence, so that a
 * command fails at once rather than after replaying migrations or building models for
 * another ref. Connections are not tried; undefined refs are skipped.
 */
export async function checkRefs(refs: readonly (string | undefined)[], config: ResolvedConfig): Promise<void> {
  for (const ref of refs) if (ref !== undefined) await checkRef(parseRef(ref), config);
}

async function checkRef(ref: ParsedRef, config: ResolvedConfig): Promise<void> {
  switch (ref.kind) {
    case 'combined':
      for (const part of ref.parts) await checkRef(part, config);
      return;
    case 'sql':
      await sqlSteps(resolve(config.cwd, ref.path), config.cwd, dialectByName(config.dialect).lexer);
      return;
    case 'migrations':
      await migrationSteps(ref.path && resolve(config.cwd, ref.path), ref.version, config);
      return;
    case 'models':
      await (ref.orm === 'prisma'
        ? checkPrismaModels(resolve(config.cwd, ref.path))
        : checkDrizzleModels(resolve(config.cwd, ref.path)));
      return;
    case 'file':
      if (!existsSync(resolve(config.cwd, ref.path)))
        throw new SchemaguardError(`The snapshot file ${ref.path} does not exist.`);
      return;
    case 'environment':
    case 'database': {
      // A malformed URL is reported before anything starts (its password hidden).
      const url = ref.kind === 'environment' ? environmentUrl(config, ref.name) : ref.url;
      dialectForUrl(url)?.refs.checkUrl(url);
      return;
    }
    case 'django':
      djangoProject(config, ref.manage);
      return;
    case 'git':
      return;
  }
}
