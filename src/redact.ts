/** Query parameters and conninfo keywords whose value is a secret. */
const SECRET_PARAMS = ['password', 'sslpassword', 'pass', 'token', 'access_token'];

/** What a password whose end is a guess is replaced by: `app:***@db`. */
const REDACTED = ':***@';

/** The start of a URL: `scheme://`. */
const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;

/**
 * The connection parameters of libpq (and the `pg` driver's `ssl`, Prisma's `schema`): a secret's value ends
 * where one of them follows. Any other `&name=` may be part of the secret.
 */
const CONNECTION_PARAMS = [
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'passfile',
  'require_auth',
  'channel_binding',
  'connect_timeout',
  'client_encoding',
  'options',
  'application_name',
  'fallback_application_name',
  'keepalives\\w*',
  'tcp_user_timeout',
  'replication',
  'gssencmode',
  'ssl\\w*',
  'requirepeer',
  'krbsrvname',
  'gsslib',
  'gssdelegation',
  'service',
  'target_session_attrs',
  'load_balance_hosts',
  'schema',
  ...SECRET_PARAMS,
];

/** A secret parameter's name and `=`, in a URL's query or a keyword/value conninfo string. */
const SECRET_PARAM = new RegExp(`(?:^|[?&;\\s])(?:${SECRET_PARAMS.join('|')})\\s*=\\s*`, 'gi');

/**
 * Where the value of a secret parameter starting at `start` ends: a quoted conninfo value
 * at the first space after its closing quote; else, as a password may hold `&` or spaces
 * unencoded, at the next `&name=` or ` name=`, or the end of the line.
 */
function secretValueEnd(line: string, start: number, conninfo: boolean): number {
  if (conninfo && line[start] === "'") {
    const close = /(?<!\\)'\S*/g;
    close.lastIndex = start + 1;
    return close.exec(line) ? close.lastIndex : line.length;
  }
  const next = new RegExp(`(?:&|\\s+)(?:${CONNECTION_PARAMS.join('|')})\\s*=`, 'gi');
  next.lastIndex = start;
  return next.exec(line)?.index ?? line.length;
}

/** The values of the secret parameters in a line, as [start, end) ranges. */
function secretValues(line: string): [number, number][] {
  return [...line.matchAll(SECRET_PARAM)].map((match) => {
    const start = match.index + match[0].length;
    // Quotes delimit a value in `host=db password='a b'`, not in a URL's query.
    return [start, secretValueEnd(line, start, !/^[?&;]/.test(match[0]))];
  });
}

/**
 * The user-info of the URL that `rest` (the text after `scheme://`, to the end of the line)
 * starts with: `user` the name up to the first `:`, `/`, `?`, `#` or space (a name may hold
 * an `@`: `app@server:pw@host`), and when a `:` follows it, `hidden` from there to the `@`
 * at `at` that ends the password. A URL parser takes the last `@` before the first `/`,
 * `?` or `#`; a password holding one of those unencoded moves that `@` further on, so the
 * last `@` of the whole line is taken: hiding too much is safe, a password cut short is
 * not. `clean` when the URL parses as it is.
 */
function userInfo(rest: string): { user: string; hidden: string; at: number; clean: boolean } | undefined {
  const userEnd = rest.search(/[:/?#\s]/);
  if (userEnd === -1 || rest[userEnd] !== ':') return undefined;
  // Redacted already (`app:***@db`): the `@` after the stars ends it, and there is nothing to hide.
  if (rest.startsWith(REDACTED, userEnd)) return undefined;
  const at = rest.lastIndexOf('@');
  if (at < userEnd) return undefined;
  const hidden = rest.slice(userEnd, at);
  return { user: rest.slice(0, userEnd), hidden, at, clean: !/[/?#\s]/.test(hidden) };
}

/** Removes the password of every URL in one line, and every secret parameter's value. */
function redactLine(line: string): string {
  let out = '';
  let from = 0;
  for (const match of line.matchAll(SCHEME)) {
    const start = match.index + match[0].length;
    if (start < from) continue;
    const info = userInfo(line.slice(start));
    if (!info) continue;
    // `app:secret@db` → `app@db`; where the password's end is a guess, say that something was hidden.
    out += `${line.slice(from, start)}${info.user}${info.clean ? '@' : REDACTED}`;
    from = start + info.at + 1;
  }
  out += line.slice(from);
  // The ranges of the line left, in reverse so that each replacement keeps the next one's place.
  for (const [start, end] of secretValues(out).reverse()) out = `${out.slice(0, start)}***${out.slice(end)}`;
  return out;
}

/**
 * A URL with its password and secret query parameters removed, safe to print,
 * log or store: `postgres://app:secret@db/x` → `postgres://app@db/x`.
 * Holds for malformed URLs too — a password with `/`, `@`, `:`, `#`, `?`, `&`, `%` or a
 * space left unencoded — hiding more than the password rather than less:
 * `postgres://app:a/b@c#d@db/x` → `postgres://app:***@db/x`. Works on any text (an
 * error message, a tool's output): every URL in it and every `password=…` (query
 * parameter or keyword/value conninfo) is redacted.
 */
export function redactUrl(text: string): string {
  return text.split('\n').map(redactLine).join('\n');
}

/** Decodes percent-encoding, leaving a malformed text as it is (as the `pg` driver reads a password). */
export function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The passwords of the URLs in a text, as written, decoded and encoded, so they can be
 * removed from messages that quote them without their URL (see {@link redactSecrets}).
 * For a malformed URL it is everything that {@link redactUrl} would hide.
 */
export function urlPasswords(text: string): string[] {
  const found = new Set<string>();
  const add = (raw: string) => {
    const decoded = decodeLeniently(raw);
    for (const form of [raw, decoded, encodeURIComponent(decoded)]) if (form) found.add(form);
  };
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(SCHEME)) {
      const info = userInfo(line.slice(match.index + match[0].length));
      // What is hidden starts with the `:` (or other delimiter) after the user name.
      if (info) add(info.hidden.replace(/^:/, ''));
    }
    for (const [start, end] of secretValues(line)) add(line.slice(start, end).replace(/^'|'$/g, ''));
  }
  return [...found];
}

/** Removes every occurrence of the given secrets from a text (e.g. a server error message). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so that a secret that holds another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.replaceAll(secret, '***');
  }
  return out;
}
