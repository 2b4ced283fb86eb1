import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl, urlPasswords } from '../src/redact.js';
import { CANARY } from './helpers/canary.js';

/**
 * Passwords as generators make them, and as people type them: pieces marked `Zq` (found
 * nowhere else in the URLs below) joined by the characters a URL must percent-encode.
 */
const password = fc
  .array(
    fc.tuple(
      fc.constantFrom('/', '@', ':', '#', '?', '&', '%', ' ', '=', "'", '!', '$', '+', ';', ''),
      fc.stringMatching(/^Zq[A-Za-z0-9]{1,4}$/),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.map(([special, piece]) => `${special}${piece}`).join(''));

const user = fc.constantFrom('app', 'deploy_user', 'app@server', '');
const host = fc.constantFrom('db.example.com:5432', '127.0.0.1', '[::1]:6432', 'db');
const tail = fc.constantFrom('/app', '/app?sslmode=require', '', '/app?application_name=x&sslmode=verify-full');

describe('redactUrl', () => {
  it('hides any password, written as it is or percent-encoded, in a URL alone or in a sentence', () => {
    fc.assert(
      fc.property(user, password, host, tail, fc.boolean(), (name, secret, where, rest, encoded) => {
        const written = encoded ? encodeURIComponent(secret) : secret;
        const url = `postgres://${name}:${written}@${where}${rest}`;
        expect(redactUrl(url)).not.toMatch(/Zq/);
        expect(redactUrl(`The database URL ${url} is malformed: fix it.`)).not.toMatch(/Zq/);
        // A message that quotes the password without its URL.
        expect(redactSecrets(`rejected ${secret} for ${name}`, urlPasswords(url))).not.toMatch(/Zq/);
      }),
      { numRuns: 2000 },
    );
  });

  it('hides secret query parameters and keyword/value passwords, whatever they hold', () => {
    fc.assert(
      fc.property(password, (secret) => {
        expect(redactUrl(`postgres://db/app?password=${secret}`)).not.toMatch(/Zq/);
        expect(redactUrl(`postgres://db/app?sslmode=require&sslpassword=${encodeURIComponent(secret)}`)).not.toMatch(
          /Zq/,
        );
        if (!/\s/.test(secret)) expect(redactUrl(`host=db password=${secret} dbname=app`)).not.toMatch(/Zq/);
        expect(redactUrl(`host=db password='${secret.replaceAll("'", "\\'")}' dbname=app`)).not.toMatch(/Zq/);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps what is not a password', () => {
    expect(redactUrl('postgres://app:secret@db.example.com:5432/app')).toBe('postgres://app@db.example.com:5432/app');
    expect(redactUrl('postgres://app@db/app?sslmode=require')).toBe('postgres://app@db/app?sslmode=require');
    expect(redactUrl('postgres://db/app?password=x&sslmode=require')).toBe(
      'postgres://db/app?password=***&sslmode=require',
    );
    expect(redactUrl('pglite:./data')).toBe('pglite:./data');
    expect(redactUrl('Cannot reach postgres://app@db/x: ask admin@example.com')).toBe(
      'Cannot reach postgres://app@db/x: ask admin@example.com',
    );
    // A password whose end is a guess: everything to the last @ goes, and it says so.
    expect(redactUrl(`postgres://app:${CANARY}@db:5432/app`)).toBe('postgres://app:***@db:5432/app');
    // Redacting twice changes nothing more.
    expect(redactUrl(redactUrl(`x postgres://app:${CANARY}@db/app y`))).toBe('x postgres://app:***@db/app y');
  });
});

describe('urlPasswords', () => {
  it('finds the password as written, decoded and encoded', () => {
    const encoded = encodeURIComponent(CANARY);
    expect(urlPasswords(`postgres://app:${encoded}@db/app`)).toEqual(expect.arrayContaining([CANARY, encoded]));
    expect(urlPasswords(`postgres://app:${CANARY}@db/app`)).toContain(CANARY);
    expect(urlPasswords('postgres://app@db/app')).toEqual([]);
  });
});
