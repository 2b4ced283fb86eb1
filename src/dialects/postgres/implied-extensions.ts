/**
 * The extensions that SQL generated from models uses without creating them. A Prisma schema
 * without the `postgresqlExtensions` preview feature (and any drizzle schema) writes `CITEXT`
 * columns, `gin_trgm_ops` indexes and `uuid_generate_v4()` defaults but no `CREATE EXTENSION`:
 * the project's database has the extension from a migration written by hand. Replayed as
 * written, the models fail on an empty shadow database ("type "citext" does not exist").
 */
import { sqlTokens } from './lexer.js';

/** Types and operator classes of the extensions a shadow database can create, by lower-case name. */
const NAMES: Readonly<Record<string, string>> = {
  citext: 'citext',
  hstore: 'hstore',
  gin_hstore_ops: 'hstore',
  gist_hstore_ops: 'hstore',
  ltree: 'ltree',
  lquery: 'ltree',
  ltxtquery: 'ltree',
  gist_ltree_ops: 'ltree',
  cube: 'cube',
  gin_trgm_ops: 'pg_trgm',
  gist_trgm_ops: 'pg_trgm',
  vector: 'vector',
  halfvec: 'vector',
  sparsevec: 'vector',
  vector_l2_ops: 'vector',
  vector_ip_ops: 'vector',
  vector_cosine_ops: 'vector',
  vector_l1_ops: 'vector',
  halfvec_l2_ops: 'vector',
  halfvec_ip_ops: 'vector',
  halfvec_cosine_ops: 'vector',
  halfvec_l1_ops: 'vector',
  sparsevec_l2_ops: 'vector',
  sparsevec_ip_ops: 'vector',
  sparsevec_cosine_ops: 'vector',
  sparsevec_l1_ops: 'vector',
  bit_hamming_ops: 'vector',
  bit_jaccard_ops: 'vector',
};

/** Functions of those extensions, by lower-case name: a name counts only when a `(` follows it. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  uuid_generate_v1: 'uuid-ossp',
  uuid_generate_v1mc: 'uuid-ossp',
  uuid_generate_v3: 'uuid-ossp',
  uuid_generate_v4: 'uuid-ossp',
  uuid_generate_v5: 'uuid-ossp',
  gen_random_bytes: 'pgcrypto',
  gen_salt: 'pgcrypto',
  crypt: 'pgcrypto',
  digest: 'pgcrypto',
  hmac: 'pgcrypto',
};

/**
 * The extensions `generated` uses (an unquoted type, operator class or function call of theirs;
 * generated SQL quotes every name of its own) that are not in `created`, in the order first used.
 */
export function impliedExtensions(generated: readonly string[], created: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const sql of generated) {
    const tokens = sqlTokens(sql);
    tokens.forEach((token, i) => {
      if (token.kind !== 'word') return;
      const word = token.text.toLowerCase();
      const extension = NAMES[word] ?? (tokens[i + 1]?.kind === 'open' ? FUNCTIONS[word] : undefined);
      if (extension && !created.has(extension)) found.add(extension);
    });
  }
  return [...found];
}
