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

/** A simple-protocol Query message ('Q') for `sql`. */
function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/**
 * Serves one connection until it closes: answers SSL and GSSAPI encryption requests with 'N',
 * passes the startup message and every message after it to `execute`, ends the connection on
 * Terminate, and rolls back a transaction the client left open.
 */
function serveConnection(socket: Socket, execute: ProtocolExecutor): Promise<void> {
  return new Promise((resolve) => {
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    let inTransaction = false;
    let work = Promise.resolve();
    const reply = (response: Uint8Array) => {
      const tail = Buffer.from(response.buffer, response.byteOffset, response.byteLength).subarray(-6);
      if (tail.length === 6 && tail[0] === READY_FOR_QUERY && tail.readInt32BE(1) === 5) {
        inTransaction = tail[5] !== IDLE;
      }
      if (response.length > 0 && !socket.destroyed) socket.write(response);
    };
    /** The next complete message in `pending`, taken out of it; undefined until one has arrived. */
    const nextMessage = (): Buffer | undefined => {
      const header = started ? 5 : 8;
      if (pending.length < header) return undefined;
      const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
      if (length < header - 1 || length > LONGEST_MESSAGE) {
        socket.destroy();
        pending = Buffer.alloc(0);
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
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
        } else if (message[0] === TERMINATE) {
          socket.end();
          return;
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
        .finally(resolve);
    });
    socket.on('error', () => {});
    socket.resume();
  });
}

/**
 * Listens on 127.0.0.1 (a free port) for PostgreSQL clients of the database that `execute`
 * runs messages on. Connections are served one at a time, in the order they came; `close`
 * stops listening and ends the connections still open.
 */
export async function servePglite(execute: ProtocolExecutor): Promise<ServedDatabase> {
  const sockets = new Set<Socket>();
  let turns = Promise.resolve();
  const server: Server = createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    turns = turns.then(() => (socket.destroyed ? undefined : serveConnection(socket, execute)));
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
      await turns;
    },
  };
}
