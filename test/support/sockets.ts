import net from 'node:net';

/** A loopback port nothing listens on: bound once to learn a free number, then released; for a server to start on, or to be refused. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP server on loopback that accepts connections and never says a word, for timeouts. */
export async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    // A client that gives up resets the connection; that is expected, not a failure.
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Waits until a server the test started accepts connections on a loopback port, failing at once
 * when its process exits first; `output` gives what to show when it never listens.
 */
export async function waitForListening(
  port: number,
  child: { exitCode: number | null },
  options: { name: string; output?: () => string; intervalMs?: number; timeoutMs?: number },
): Promise<void> {
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  const output = () => (options.output === undefined ? '' : `: ${options.output()}`);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with code ${child.exitCode}${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${options.name} did not listen on ${port}${output()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
