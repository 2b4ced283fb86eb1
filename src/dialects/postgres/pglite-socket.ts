/**
 * An embedded PGlite database reachable over PostgreSQL's wire protocol on a local TCP port,
 * for programs that connect by themselves (Django through psycopg2). Each complete frontend
 * message is handed to PGlite's `execProtocolRaw` and its reply written back. PGlite has one
 * session: connections take turns, each waiting until the one before has closed.
 */
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import type { ServedDatabase } from '../dialect.js';

/** Runs one frontend message on the embedded database and returns the backend's reply. */
export type ProtocolExecutor = (message: Uint8Array) => Promise<Uint8Array>;

/** Request codes of the untyped first messages (protocol version 1234.5679, 1234.5680, 1234.5678). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** The frontend's Terminate message type ('X'). */
const TERMINATE = 0x58;
/** The backend's ReadyForQuery message type ('Z'): its last byte is the transaction status ('I': idle). */
const READY_FOR_QUERY = 0x5a;
const IDLE = 0x49;
/** A message longer than this is taken for garbage, and the connection closed. */
const LONGEST_MESSAGE = 1 << 30;
/**
 * How long a connection waits for the one before it to close before it is refused: a client
 * that holds one connection open while it opens another would otherwise wait forever.
 */
const LONGEST_WAIT_MS = 10_000;

/** A FATAL ErrorResponse ('E') with SQLSTATE 53300 (too_many_connections). */
function refusalMessage(text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C53300\0M${text}\0\0`);
  const message = Buffer.alloc(5 + fields.length);
  message[0] = 0x45;
  message.writeInt32BE(4 + fields.length, 1);
  fields.copy(message, 5);
  return message;
}

/** A simple-protocol Query message ('Q') for `sql`. */
function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** Takes the database's one session for a connection: its release, or undefined when it waited too long. */
type TakeTurn = () => Promise<(() => void) | undefined>;

/** Turns taken one at a time, in the order asked; a turn not given within `waitMs` is given up. */
function oneAtATime(waitMs: number): TakeTurn {
  let last = Promise.resolve();
  return async () => {
    const previous = last;
    let release: () => void = () => {};
    last = new Promise<void>((resolve) => (release = resolve));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), waitMs).unref();
    });
    const outcome = await Promise.race([previous.then(() => 'ready' as const), late]);
    clearTimeout(timer);
    if (outcome === 'ready') return release;
    // Its place in the line passes on as soon as it comes.
    void previous.then(release);
    return undefined;
  };
}

/**
 * Serves one connection until it closes: answers SSL and GSSAPI encryption requests with 'N',
 * waits for its turn, passes the startup message and every message after it to `execute`,
 * ends the connection on Terminate, and rolls back a transaction the client left open.
 */
function serveConnection(socket: Socket, execute: ProtocolExecutor, takeTurn: TakeTurn): Promise<void> {
  return new Promise((resolve) => {
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    let finished = false;
    let inTransaction = false;
    let release: (() => void) | undefined;
    let work = Promise.resolve();
    const reply = (response: Uint8Array) => {
      const tail = Buffer.from(response.buffer, response.byteOffset, response.byteLength).subarray(-6);
      if (tail.length === 6 && tail[0] === READY_FOR_QUERY && tail.readInt32BE(1) === 5) {
        inTransaction = tail[5] !== IDLE;
      }
      if (response.length > 0 && !socket.destroyed) socket.write(response);
    };
    const finish = (last?: Uint8Array) => {
      finished = true;
      pending = Buffer.alloc(0);
      if (last) socket.end(last);
      else socket.end();
    };
    /** The next complete message in `pending`, taken out of it; undefined until one has arrived. */
    const nextMessage = (): Buffer | undefined => {
      const header = started ? 5 : 8;
      if (finished || pending.length < header) return undefined;
      const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
      if (length < header - 1 || length > LONGEST_MESSAGE) {
        finish();
        return undefined;
      }
      if (pending.length < length) return undefined;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      return message;
    };
    const drain = async () => {
      for (let message = nextMessage(); message; message = nextMessage()) {
        if (!started) {
          const code = message.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N');
            continue;
          }
          if (code === CANCEL_REQUEST) return finish();
          release = await takeTurn();
          if (!release) {
            return finish(
              refusalMessage('the embedded shadow database serves one connection at a time, and another is open'),
            );
          }
          started = true;
        } else if (message[0] === TERMINATE) {
          return finish();
        }
        reply(await execute(message));
      }
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      work = work.then(drain).catch(() => {
        socket.destroy();
      });
    });
    // A connection closed inside a transaction leaves none behind for the next one.
    socket.once('close', () => {
      work = work
        .then(async () => {
          if (inTransaction) await execute(queryMessage('ROLLBACK'));
        })
        .catch(() => {})
        .finally(() => {
          release?.();
          resolve();
        });
    });
    socket.on('error', () => {});
  });
}

/**
 * Listens on 127.0.0.1 (a free port) for PostgreSQL clients of the database that `execute`
 * runs messages on. Connections are served one at a time, in the order they came; one that
 * waits more than 10 seconds for its turn is refused with an error saying why. `close` stops
 * listening and ends the connections still open.
 */
export async function servePglite(execute: ProtocolExecutor): Promise<ServedDatabase> {
  const takeTurn = oneAtATime(LONGEST_WAIT_MS);
  const sockets = new Set<Socket>();
  const served = new Set<Promise<void>>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const serving = serveConnection(socket, execute, takeTurn).finally(() => {
      sockets.delete(socket);
      served.delete(serving);
    });
    served.add(serving);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await Promise.all(served);
    },
  };
}
