import type { ResolvedConfig } from '../config/load.js';
import type { Dialect } from '../dialects/dialect.js';
import { dialectByName } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { unreadOfEither, withoutKinds } from '../schema/unread.js';
import { checkRefs } from './check-refs.js';
import { type LoadOptions, type LoadedSchema, loadSchema } from './load.js';

/**
 * Loads two refs at once, with the same options; both must be of one dialect. Both refs
 * are checked first, so that neither starts a replay or a model build when the other
 * cannot be loaded; `options` is asked for after that check, so that a bad ref is said
 * before a bad option.
 */
export async function loadPair(
  fromRef: string,
  toRef: string,
  config: ResolvedConfig,
  options: () => Omit<LoadOptions, 'config'>,
): Promise<{ from: LoadedSchema; to: LoadedSchema; dialect: Dialect }> {
  await checkRefs([fromRef, toRef], config);
  const loading = { ...options(), config };
  const [from, to] = await Promise.all([loadSchema(fromRef, loading), loadSchema(toRef, loading)]);
  if (from.dialect !== to.dialect) {
    throw new SchemaguardError(
      `Cannot compare a ${from.dialect} schema (${from.source}) with a ${to.dialect} schema (${to.source}).`,
    );
  }
  // What one side's user could not read is compared on neither side.
  const unread = unreadOfEither(from.unread, to.unread);
  const alike = (side: LoadedSchema) =>
    unread.length > 0 ? { ...side, schema: withoutKinds(side.schema, unread) } : side;
  return { from: alike(from), to: alike(to), dialect: dialectByName(from.dialect) };
}
