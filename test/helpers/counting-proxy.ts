/** A TCP proxy in front of the MySQL test server, to count (or cut) a run's connections to it. */
import net from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of the test server, counting the connections it passes on. */
export async function countingProxy(): Promise<{
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const upstream = new URL(process.env.SCHEMAGUARD_TEST_MYSQL_URL as string);
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const server = net.connect(Number(upstream.port || 3306), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
