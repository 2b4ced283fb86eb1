/**
 * The extensions that SQL generated from models uses without creating them. A Prisma schema
 * without the `postgresqlExtensions` preview feature (and any drizzle schema) writes `CITEXT`
 * columns, `gin_trgm_ops` indexes and `uuid_generate_v4()` defaults but no `CREATE EXTENSION`:
 * the project's database has the extension from a migration written by hand. Replayed as
 * written, the models fail on an empty shadow database ("type "citext" does not exist").
 */
import { unquote } from './extension-requests.js';
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

/** An extension to create, and the schema a qualified use of it names (`extensions.uuid_generate_v4()`). */
export interface ImpliedExtension {
  readonly name: string;
  readonly schema?: string;
}

/**
 * The extensions `generated` uses (an unquoted type, operator class or function call of theirs;
 * generated SQL quotes every name of its own) that are not in `created`, in the order first
 * used, each with the schema its first qualified use names (Supabase keeps extensions in
 * `extensions`).
 */
export function impliedExtensions(generated: readonly string[], created: ReadonlySet<string>): ImpliedExtension[] {
  const found = new Map<string, ImpliedExtension>();
  for (const sql of generated) {
    const tokens = sqlTokens(sql);
    tokens.forEach((token, i) => {
      if (token.kind !== 'word') return;
      const word = token.text.toLowerCase();
      const name = NAMES[word] ?? (tokens[i + 1]?.kind === 'open' ? FUNCTIONS[word] : undefined);
      if (!name || created.has(name) || found.get(name)?.schema !== undefined) return;
      const qualifier = tokens[i - 1]?.text === '.' ? tokens[i - 2] : undefined;
      const schema =
        qualifier && (qualifier.kind === 'word' || qualifier.text.startsWith('"'))
          ? unquote(qualifier.text)
          : undefined;
      if (schema !== undefined || !found.has(name)) found.set(name, schema === undefined ? { name } : { name, schema });
    });
  }
  return [...found.values()];
}
