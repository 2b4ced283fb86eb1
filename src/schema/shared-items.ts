/**
 * Reading a second large snapshot of the same database (`diff` or `compare` of two files): most
 * of its objects are, byte for byte, objects of the first. The last large snapshot read that names
 * this version as its writer is remembered with its file's bytes; the next one takes each object
 * whose text is the same from it instead of parsing it again (84 ms instead of 146 for a 13.5 MB
 * file), and the diff finds those objects identical by reference.
 *
 * Both files are laid out as this version writes them (schema/canonical.ts): the schema at two
 * spaces, each list at four, each object of a list on its own from a line of six spaces and an
 * opening brace to a line of six spaces and the closing one (JSON strings hold no raw newline,
 * so that line is the object's end). A file laid out otherwise is parsed as a whole, as any file
 * is without a remembered one.
 */
import type { Schema } from './model.js';

/** A file at least this large is remembered, and shares with the one remembered. */
const SHARED_ITEMS_MIN_BYTES = 4 * 1024 * 1024;

/** One object of a schema list in a file's bytes: the list, its place in it, where its text starts and ends. */
interface ItemRange {
  readonly list: string;
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

const SCHEMA_OPEN = Buffer.from('\n  "schema": {\n');
const LIST_INDENT = Buffer.from('    "');
const ITEM_INDENT = Buffer.from('      ');
const ITEM_CLOSE = Buffer.from('\n      }');
const LIST_CLOSE = Buffer.from('\n    ]');
const SCHEMA_CLOSE = Buffer.from('\n  }');
const [NEWLINE, COMMA, QUOTE, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [
  0x0a, 0x2c, 0x22, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d,
];

/** Whether `bytes` hold `expected` at `at`. */
function holds(bytes: Buffer, at: number, expected: Buffer): boolean {
  return (
    at + expected.length <= bytes.length && bytes.compare(expected, 0, expected.length, at, at + expected.length) === 0
  );
}

/** Where the object of a list starting at `start` ends (after its closing brace), if it does. */
function itemEnd(bytes: Buffer, start: number): number | undefined {
  if (bytes[start + 1] === CLOSE_BRACE) return start + 2;
  const close = bytes.indexOf(ITEM_CLOSE, start);
  return close < 0 ? undefined : close + ITEM_CLOSE.length;
}

/**
 * Walks the objects of the schema's lists in a file laid out as this version writes it, in file
 * order: `visit` is given each one's list, place and start, and says where it ends. False when
 * the layout is not that one (or a list holds anything but objects).
 */
function walkItems(bytes: Buffer, visit: (list: string, index: number, start: number) => number | undefined): boolean {
  const schema = bytes.indexOf(SCHEMA_OPEN);
  if (schema < 0) return false;
  let at = schema + SCHEMA_OPEN.length;
  for (;;) {
    if (!holds(bytes, at, LIST_INDENT)) return false;
    const keyEnd = bytes.indexOf(QUOTE, at + LIST_INDENT.length);
    if (keyEnd < 0 || bytes[keyEnd + 1] !== COLON) return false;
    const list = bytes.toString('latin1', at + LIST_INDENT.length, keyEnd);
    at = keyEnd + 3; // after `": `
    if (bytes[at] !== OPEN_BRACKET) return false;
    if (bytes[at + 1] === CLOSE_BRACKET) at += 2;
    else {
      if (bytes[at + 1] !== NEWLINE) return false;
      at += 2;
      for (let index = 0; ; index++) {
        if (!holds(bytes, at, ITEM_INDENT) || bytes[at + ITEM_INDENT.length] !== OPEN_BRACE) return false;
        const end = visit(list, index, at + ITEM_INDENT.length);
        if (end === undefined) return false;
        if (bytes[end] === COMMA && bytes[end + 1] === NEWLINE) {
          at = end + 2;
          continue;
        }
        if (!holds(bytes, end, LIST_CLOSE)) return false;
        at = end + LIST_CLOSE.length;
        break;
      }
    }
    if (bytes[at] === COMMA && bytes[at + 1] === NEWLINE) at += 2;
    else return holds(bytes, at, SCHEMA_CLOSE);
  }
}

/**
 * How many of the other file's objects, from the one after the last shared, an object is
 * compared with: both files list their objects in the same order, so an object added, changed
 * or removed moves the next shared one at most a few places (a run of more changes only means
 * that the objects after it are parsed rather than shared, until one is found again).
 */
const LOOKAHEAD = 8;

/** The last large snapshot read whose schema this version wrote: its bytes and its parsed schema. */
let remembered: { readonly bytes: Buffer; readonly schema: Schema } | undefined;

/**
 * Remembers a large snapshot just parsed that names this version as its writer, for the next one
 * read ({@link parseSharingItems}). Its stored hash need not be checked yet: only objects whose
 * text is the same are shared, and they are what parsing the other file would give. One is kept
 * at a time.
 */
export function rememberWrittenSnapshot(bytes: Buffer, schema: Schema): void {
  if (bytes.length >= SHARED_ITEMS_MIN_BYTES) remembered = { bytes, schema };
}

/** Forgets the remembered snapshot (for tests). */
export function forgetWrittenSnapshot(): void {
  remembered = undefined;
}

/**
 * The parsed JSON of a large snapshot file, each object of its schema's lists whose text is the
 * same as one of the remembered snapshot's taken from that snapshot (the same object, not a
 * copy); undefined when there is nothing to share, or either file is not laid out as expected,
 * or the text does not parse (the caller then parses it as a whole, and reports what is wrong).
 * The caller uses the result only if the file's schema turns out to be one this version wrote.
 */
export function parseSharingItems(bytes: Buffer): unknown {
  const previous = remembered;
  if (!previous || bytes.length < SHARED_ITEMS_MIN_BYTES || previous.bytes === bytes) return undefined;
  const theirs = previous.bytes;
  const lists = previous.schema as unknown as Record<string, unknown>;
  // Their objects, in file order, and where each list begins.
  const items: ItemRange[] = [];
  const firstOf = new Map<string, number>();
  const walked = walkItems(theirs, (list, index, start) => {
    const objects = lists[list];
    const end = itemEnd(theirs, start);
    if (!Array.isArray(objects) || objects.length <= index || end === undefined) return undefined;
    if (index === 0) firstOf.set(list, items.length);
    items.push({ list, index, start, end });
    return end;
  });
  if (!walked) return undefined;
  // The text without the shared objects, each replaced by its number among them. A shared
  // object's text is the other's, closing brace included: it ends where that one does.
  const shared: unknown[] = [];
  const pieces: Buffer[] = [];
  let copied = 0;
  let next = 0;
  const ok = walkItems(bytes, (list, index, start) => {
    if (index === 0) next = firstOf.get(list) ?? next;
    for (let i = next; i < Math.min(items.length, next + LOOKAHEAD); i++) {
      const candidate = items[i] as ItemRange;
      const end = start + candidate.end - candidate.start;
      if (
        candidate.list === list &&
        end <= bytes.length &&
        bytes.compare(theirs, candidate.start, candidate.end, start, end) === 0
      ) {
        pieces.push(bytes.subarray(copied, start), Buffer.from(String(shared.length)));
        shared.push((lists[list] as unknown[])[candidate.index]);
        copied = end;
        next = i + 1;
        return end;
      }
    }
    return itemEnd(bytes, start);
  });
  if (!ok || shared.length === 0) return undefined;
  pieces.push(bytes.subarray(copied));
  let json: { schema?: Record<string, unknown> };
  try {
    json = JSON.parse(Buffer.concat(pieces).toString('utf8')) as typeof json;
  } catch {
    return undefined;
  }
  // The lists held objects only (walkItems saw to it): a number is a shared object's place.
  for (const list of Object.values(json.schema ?? {})) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) if (typeof list[i] === 'number') list[i] = shared[list[i] as number];
  }
  return json;
}
