import type { Server } from 'node:http';
import net from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ShutdownState } from './shutdown-state.js';

const IDLE_GRACE_MS = 1_000;

/**
 * After `delayMs` of serving while not ready, stops accepting connections, lets every connection already accepted finish its request
 * (responses now carry `Connection: close`), then closes the app and its pools.
 *
 * Node's own `server.close()` also destroys connections that are "idle" at that instant,
 * which includes sockets that were accepted but whose request bytes have not been parsed
 * yet: their clients would see a reset. So only the listening socket is closed first, and
 * idle connections are closed after a grace period in which any request on them would
 * have arrived.
 */
export async function drainAndClose(app: NestFastifyApplication, delayMs: number, onListenerClosed: () => void): Promise<void> {
  // First the instance says it is not ready while still serving, so balancers move away.
  app.get(ShutdownState).draining = true;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const server = app.getHttpServer() as Server;
  net.Server.prototype.close.call(server);
  onListenerClosed();

  const deadline = Date.now() + IDLE_GRACE_MS;
  while ((await openConnections(server)) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Whatever is still open now is either mid-request (kept) or idle keep-alive (closed).
  server.closeIdleConnections();
  await app.close();
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}
