import { describe, expect, it } from 'vitest';
import { djangoMigrationStatus } from '../../src/migrations/django-status.js';
import type { AppliedMigration } from '../../src/migrations/history.js';
import type { MigrationStatus } from '../../src/migrations/status.js';
import type { DjangoMigrationNode } from '../../src/sources/django/runner.js';

/** A migration on disk: `app.name`, the `app.name`s it depends on, and those it replaces. */
function node(key: string, dependencies: string[] = [], replaces: string[] = []): DjangoMigrationNode {
  const pair = (k: string): [string, string] => [k.slice(0, k.indexOf('.')), k.slice(k.indexOf('.') + 1)];
  const [app, name] = pair(key);
  return {
    app,
    name,
    dependencies: dependencies.map(pair),
    replaces: replaces.map(pair),
    initial: name.startsWith('0001'),
    atomic: true,
    path: `${app}/migrations/${name}.py`,
  };
}

/** A row of django_migrations, as the history reader gives it. */
function row(version: string, appliedAt?: string): AppliedMigration {
  return {
    tool: 'django',
    version,
    name: version.slice(version.indexOf('.') + 1),
    ...(appliedAt ? { appliedAt } : {}),
    success: true,
  };
}

/** `state version` per status, with what is said of squashes: the shape the tests compare. */
function summary(statuses: readonly MigrationStatus[]): string[] {
  return statuses.map(
    (s) =>
      `${s.state} ${s.version}${s.replaces ? ` replaces ${s.replaces.join(',')}` : ''}${s.squashedInto ? ` of ${s.squashedInto}` : ''}`,
  );
}

const T1 = '2024-01-05T09:30:00.000Z';
const T2 = '2024-02-10T12:00:00.000Z';
const T3 = '2024-03-01T08:00:00.000Z';

/** people 0001; content 0001 -> 0002 -> 0003, content 0001 depending on people 0001. */
const LINEAR = [
  node('people.0001_initial'),
  node('content.0001_initial', ['people.0001_initial']),
  node('content.0002_tag', ['content.0001_initial']),
  node('content.0003_rename_field', ['content.0002_tag']),
];

/**
 * content 0001 and 0002 with their squash beside them (as `squashmigrations` leaves them), and
 * content 0003 written before the squash (depending on 0002), in a forwards order of the graph
 * without replacements.
 */
const SQUASHED = [
  node('people.0001_initial'),
  node('content.0001_initial', ['people.0001_initial']),
  node('content.0002_tag', ['content.0001_initial']),
  node('content.0001_squashed_0002_tag', ['people.0001_initial'], ['content.0001_initial', 'content.0002_tag']),
  node('content.0003_rename_field', ['content.0002_tag']),
];

describe('djangoMigrationStatus', () => {
  it('lists every migration as pending, in graph order, when nothing is recorded', () => {
    expect(summary(djangoMigrationStatus(LINEAR, []))).toEqual([
      'pending people.0001_initial',
      'pending content.0001_initial',
      'pending content.0002_tag',
      'pending content.0003_rename_field',
    ]);
  });

  it('says applied for each recorded migration, with the time of its row, app, name and file', () => {
    const statuses = djangoMigrationStatus(LINEAR, [
      row('people.0001_initial', T1),
      row('content.0001_initial', T1),
      row('content.0002_tag', T2),
    ]);
    expect(summary(statuses)).toEqual([
      'applied people.0001_initial',
      'applied content.0001_initial',
      'applied content.0002_tag',
      'pending content.0003_rename_field',
    ]);
    expect(statuses[2]).toStrictEqual({
      version: 'content.0002_tag',
      name: '0002_tag',
      app: 'content',
      path: 'content/migrations/0002_tag.py',
      state: 'applied',
      appliedAt: T2,
    });
    expect(statuses[3]).toStrictEqual({
      version: 'content.0003_rename_field',
      name: '0003_rename_field',
      app: 'content',
      path: 'content/migrations/0003_rename_field.py',
      state: 'pending',
    });
  });

  it('counts rows written by --fake and --fake-initial as applied: they are rows like any other', () => {
    // `migrate content 0001 --fake-initial` on a database that had the tables, then `migrate --fake`.
    const statuses = djangoMigrationStatus(LINEAR, [
      row('people.0001_initial', T1),
      row('content.0001_initial', T1),
      row('content.0002_tag', T1),
      row('content.0003_rename_field', T1),
    ]);
    expect(statuses.every((s) => s.state === 'applied')).toBe(true);
  });

  it('takes the rows as they are when the history is inconsistent (a migration recorded without its dependency)', () => {
    expect(summary(djangoMigrationStatus(LINEAR, [row('people.0001_initial'), row('content.0002_tag')]))).toEqual([
      'applied people.0001_initial',
      'pending content.0001_initial',
      'applied content.0002_tag',
      'pending content.0003_rename_field',
    ]);
  });

  describe('a squashed migration', () => {
    it('stands for those it replaces when none is recorded: it is the pending one, before their dependants', () => {
      expect(summary(djangoMigrationStatus(SQUASHED, [row('people.0001_initial')]))).toEqual([
        'applied people.0001_initial',
        'pending content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'pending content.0003_rename_field',
      ]);
    });

    it('is applied when every migration it replaces is recorded, at the time of the last of them', () => {
      const statuses = djangoMigrationStatus(SQUASHED, [
        row('people.0001_initial', T1),
        row('content.0001_initial', T1),
        row('content.0002_tag', T2),
      ]);
      expect(summary(statuses)).toEqual([
        'applied people.0001_initial',
        'applied content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'pending content.0003_rename_field',
      ]);
      expect(statuses[1]?.appliedAt).toBe(T2);
    });

    it('takes the time of its own row when Django wrote one (check_replacements)', () => {
      const statuses = djangoMigrationStatus(SQUASHED, [
        row('people.0001_initial', T1),
        row('content.0001_initial', T1),
        row('content.0002_tag', T1),
        row('content.0001_squashed_0002_tag', T3),
        row('content.0003_rename_field', T3),
      ]);
      expect(summary(statuses)).toEqual([
        'applied people.0001_initial',
        'applied content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'applied content.0003_rename_field',
      ]);
      expect(statuses[1]?.appliedAt).toBe(T3);
      expect(statuses.some((s) => s.state === 'unknown')).toBe(false);
    });

    it('cannot be used when only some of those it replaces are recorded: they are listed one by one', () => {
      const statuses = djangoMigrationStatus(SQUASHED, [row('people.0001_initial'), row('content.0001_initial', T1)]);
      expect(summary(statuses)).toEqual([
        'applied people.0001_initial',
        'applied content.0001_initial of content.0001_squashed_0002_tag',
        'pending content.0002_tag of content.0001_squashed_0002_tag',
        'pending content.0003_rename_field',
      ]);
      expect(statuses[1]?.appliedAt).toBe(T1);
    });

    it('is not applied by its own row alone (left behind when Django unapplied it): it is pending again', () => {
      // `migrate content zero` deletes the rows of the replaced migrations, not the squash's own.
      const statuses = djangoMigrationStatus(SQUASHED, [
        row('people.0001_initial'),
        row('content.0001_squashed_0002_tag', T3),
      ]);
      expect(summary(statuses)).toEqual([
        'applied people.0001_initial',
        'pending content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'pending content.0003_rename_field',
      ]);
      expect(statuses[1]?.appliedAt).toBeUndefined();
    });

    it('accounts for the rows of replaced migrations whose files are gone', () => {
      const kept = SQUASHED.filter((n) => n.name !== '0001_initial' || n.app !== 'content').filter(
        (n) => n.name !== '0002_tag',
      );
      const fixed = kept.map((n) =>
        n.name === '0003_rename_field' ? node('content.0003_rename_field', ['content.0001_squashed_0002_tag']) : n,
      );
      const statuses = djangoMigrationStatus(fixed, [
        row('people.0001_initial'),
        row('content.0001_initial'),
        row('content.0002_tag'),
      ]);
      expect(summary(statuses)).toEqual([
        'applied people.0001_initial',
        'applied content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'pending content.0003_rename_field',
      ]);
    });

    it('moves its use before the dependants of the replaced migrations, in other apps too', () => {
      // A forwards order of the graph without replacements may put a dependant of 0002 before the squash.
      const nodes = [
        node('content.0001_initial'),
        node('content.0002_tag', ['content.0001_initial']),
        node('billing.0001_initial', ['content.0002_tag']),
        node('content.0001_squashed_0002_tag', [], ['content.0001_initial', 'content.0002_tag']),
      ];
      expect(summary(djangoMigrationStatus(nodes, []))).toEqual([
        'pending content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'pending billing.0001_initial',
      ]);
    });

    it('when partly applied, puts what depends on it after the last replaced migration', () => {
      // billing 0001 was written after the squash and depends on it.
      const nodes = [
        node('content.0001_initial'),
        node('content.0001_squashed_0002_tag', [], ['content.0001_initial', 'content.0002_tag']),
        node('billing.0001_initial', ['content.0001_squashed_0002_tag']),
        node('content.0002_tag', ['content.0001_initial']),
      ];
      expect(summary(djangoMigrationStatus(nodes, [row('content.0001_initial')]))).toEqual([
        'applied content.0001_initial of content.0001_squashed_0002_tag',
        'pending content.0002_tag of content.0001_squashed_0002_tag',
        'pending billing.0001_initial',
      ]);
    });

    it('handles two squashes of one app, one used and one partly applied', () => {
      const nodes = [
        node('content.0001_initial'),
        node('content.0002_tag', ['content.0001_initial']),
        node('content.0001_squashed_0002_tag', [], ['content.0001_initial', 'content.0002_tag']),
        node('content.0003_a', ['content.0002_tag']),
        node('content.0004_b', ['content.0003_a']),
        node('content.0003_squashed_0004_b', ['content.0002_tag'], ['content.0003_a', 'content.0004_b']),
        node('content.0005_c', ['content.0004_b']),
      ];
      const rows = ['content.0001_initial', 'content.0002_tag', 'content.0003_a'].map((v) => row(v));
      expect(summary(djangoMigrationStatus(nodes, rows))).toEqual([
        'applied content.0001_squashed_0002_tag replaces content.0001_initial,content.0002_tag',
        'applied content.0003_a of content.0003_squashed_0004_b',
        'pending content.0004_b of content.0003_squashed_0004_b',
        'pending content.0005_c',
      ]);
    });
  });

  it('lists pending migrations of several branches and their merge in graph order', () => {
    const nodes = [
      node('content.0001_initial'),
      node('content.0002_a', ['content.0001_initial']),
      node('content.0002_b', ['content.0001_initial']),
      node('content.0003_merge', ['content.0002_a', 'content.0002_b']),
    ];
    expect(summary(djangoMigrationStatus(nodes, [row('content.0001_initial'), row('content.0002_b')]))).toEqual([
      'applied content.0001_initial',
      'pending content.0002_a',
      'applied content.0002_b',
      'pending content.0003_merge',
    ]);
  });

  it('reports rows of migrations not on disk as unknown, after the graph, in the order of the rows', () => {
    const statuses = djangoMigrationStatus(LINEAR, [
      row('people.0001_initial'),
      row('content.0001_initial'),
      row('content.0002_old_name', T2),
      row('removedapp.0001_initial', T1),
    ]);
    expect(statuses.slice(-2)).toStrictEqual([
      { version: 'content.0002_old_name', name: '0002_old_name', app: 'content', state: 'unknown', appliedAt: T2 },
      { version: 'removedapp.0001_initial', name: '0001_initial', app: 'removedapp', state: 'unknown', appliedAt: T1 },
    ]);
    expect(summary(statuses.slice(0, -2))).toEqual([
      'applied people.0001_initial',
      'applied content.0001_initial',
      'pending content.0002_tag',
      'pending content.0003_rename_field',
    ]);
  });

  it('gives an empty list for a project without migrations and an empty table', () => {
    expect(djangoMigrationStatus([], [])).toEqual([]);
  });
});
