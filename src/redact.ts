const SECRET_PARAMS = ['password', 'sslpassword', 'pass', 'token', 'access_token'];

/**
 * A URL with its password and secret query parameters removed, safe to print,
 * log or store: `postgres://app:secret@db/x` → `postgres://app@db/x`.
 * Works on malformed URLs too, so error messages never echo a password.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password && !SECRET_PARAMS.some((p) => parsed.searchParams.has(p))) return url;
    parsed.password = '';
    for (const param of SECRET_PARAMS) parsed.searchParams.delete(param);
    return parsed.toString();
  } catch {
    return url
      .replace(/\/\/([^/@:]*):[^/@]*@/, '//$1@')
      .replace(new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&]*`, 'gi'), '$1***');
  }
}

/** Removes every occurrence of the given secrets from a text (e.g. a server error message). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.replaceAll(secret, '***');
  return out;
}
