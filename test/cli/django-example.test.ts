/**
 * The Django example reproduces the seeds' incident: `npm run demo:django:server`'s script, run in this
 * process with Django 3.2 on the PostgreSQL server. Each of its steps checks what it shows (Django
 * sees nothing wrong, the application fails, verify against django: and the assertions find it,
 * the repair makes both pass), so the demo passing is the test.
 */
import { describe, expect, it } from 'vitest';
import { runDjangoDemo } from '../../examples/django-demo.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';
import { DJANGO_PYTHON, hasDjango } from '../helpers/django-project.js';

/** The demo, with what it writes to each stream and its exit code. */
async function demo(options: { server?: string; python?: string }) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runDjangoDemo({
    ...options,
    output: { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) },
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('npm run demo:django:server', () => {
  it('says how to get Python with Django and a server when one is missing, and exits with 2', async () => {
    const noPython = await demo({
      server: 'postgres://postgres@127.0.0.1:5432/postgres',
      python: '/nonexistent/python',
    });
    expect(noPython.status).toBe(2);
    expect(noPython.stderr).toMatch(/^schemaguard Django demo: no Python with Django and psycopg2 was found\.\n/);
    expect(noPython.stderr).toMatch(/pip install -r examples\/django-lms\/requirements\.txt/);
    expect(noPython.stderr).toMatch(/apt-get install python3-django python3-psycopg2/);
    expect(noPython.stdout).toBe('');
  });

  it.runIf(hasDjango())('without --server, says how to give one', async () => {
    const noServer = await demo({ python: DJANGO_PYTHON });
    expect(noServer.status).toBe(2);
    expect(noServer.stderr).toMatch(/^schemaguard Django demo: no PostgreSQL server was given\./);
    expect(noServer.stderr).toMatch(/npm run demo:django:server -- --server postgres:\/\//);
  });

  it.runIf(hasServer() && hasDjango())(
    "tells the seeds' incident on the example with Django 3.2: found by verify and the assertions, then repaired",
    async () => {
      const result = await demo({ server: SERVER_URL, python: DJANGO_PYTHON });
      expect(result.stderr).not.toMatch(/demo: FAILED/);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/django\.db\.utils\.ProgrammingError: column asset\.resource_id does not exist/);
      expect(result.stdout).toMatch(/^ {4}\+ column resource_id \[breaking\]/m);
      expect(result.stdout).toMatch(/^ {2}No differences\./m);
      expect(result.stdout).toMatch(/^ {2}PASSED: 3 passed/m);
    },
    180_000,
  );
});
