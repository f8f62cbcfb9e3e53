import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface SilentServer {
  port: number;
  /** Connections it has accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A loopback TCP server that accepts every connection and never sends a byte: a provider or
 * store that stalls (no TLS handshake, no HTTP answer). Tests point a client at it to see its
 * deadlines end the wait.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => held.size,
    async close() {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
