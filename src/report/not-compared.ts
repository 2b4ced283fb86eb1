/**
 * What a comparison could not look at, said next to its result so that "No
 * differences" never promises more than was compared: objects of kinds schemaguard
 * does not model (counted by the dialect when it read a database), and modelled kinds
 * a snapshot written by an older schemaguard has no record of.
 */

import { LIST_KINDS, listsOf, recordsRelationLists } from '../schema/kind-lists.js';
import type { Schema } from '../schema/model.js';
import { type UnreadKind, unreadOfEither } from '../schema/unread.js';

/** What a snapshot written before rules, foreign data, statistics and publications were modelled lacks. */
const UNRECORDED_KINDS =
  'rules, foreign data wrappers, servers, user mappings and tables, extended statistics, publications, table access methods, replica identities, column compression and storage';

/** One side of a comparison, as far as this needs it. */
export interface ComparedSide {
  readonly source: string;
  readonly schema: Schema;
  readonly notIncluded?: Readonly<Record<string, number>>;
  /** Kinds its database user may not read. */
  readonly unread?: readonly UnreadKind[];
}

const plural = (noun: string) => (noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`);

/** `2 operators` / `1 rule`. */
function countText(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : plural(noun)}`;
}

/** `2 operators, 1 rule`: the counts of what was left out, by kind, in the order given. */
export function describeNotIncluded(counts: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(counts ?? {})
    .map(([noun, count]) => countText(count, noun))
    .join(', ');
}

/**
 * The phrases of a "not compared: …" note for two sides, empty when everything was
 * compared: `2 rules`, `rules (2 in a.json, 3 in b.json)`, and the modelled kinds one side has no list of.
 */
export function notComparedPhrases(from: ComparedSide, to: ComparedSide): string[] {
  const phrases: string[] = [];
  const nouns = [...new Set([...Object.keys(from.notIncluded ?? {}), ...Object.keys(to.notIncluded ?? {})])];
  for (const noun of nouns) {
    const a = from.notIncluded?.[noun] ?? 0;
    const b = to.notIncluded?.[noun] ?? 0;
    phrases.push(a === b ? countText(a, noun) : `${plural(noun)} (${a} in ${from.source}, ${b} in ${to.source})`);
  }
  const catalogLists = listsOf('catalog');
  const older = [from, to].filter(
    (side) => !recordsRelationLists(side.schema) || catalogLists.some((list) => side.schema[list] === undefined),
  );
  const unrecorded = [
    ...catalogLists
      .filter((list) => older.some((side) => side.schema[list] === undefined))
      .map((list) => LIST_KINDS[list].plural),
    ...(older.some((side) => !recordsRelationLists(side.schema)) ? [UNRECORDED_KINDS] : []),
  ];
  if (unrecorded.length > 0) {
    const kinds = unrecorded.join(', ');
    const where = older.map((side) => side.source).join(' and ');
    phrases.push(`${kinds} (${where} was written by an older schemaguard that did not record them)`);
  }
  const unread = unreadOfEither(from.unread, to.unread);
  if (unread.length > 0) {
    const who = [from, to]
      .filter((side) => side.unread?.length)
      .map((side) => side.source)
      .join(' and ');
    phrases.push(`${unread.join(', ')} (${who} was read by a user who may not see them)`);
  }
  return phrases;
}
