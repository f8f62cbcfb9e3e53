import net from 'node:net';

/**
 * A loopback TCP proxy the test controls, placed between the app and PostgreSQL or Redis.
 * `cut()` drops every open connection and refuses new ones until `restore()`.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private accepting = true;
  private trap?: { text: Buffer; sprung: () => void };
  port = 0;
  /** Connections turned away while cut: the sign that a client tried and is retrying. */
  refused = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static forUrl(url: string): TcpProxy {
    const u = new URL(url);
    return new TcpProxy(u.hostname, Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)));
  }

  /** The same URL, pointed at this proxy. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      if (!this.accepting) {
        this.refused++;
        client.destroy();
        return;
      }
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      // Before the pipe's own listener, so a trapped message never reaches the server.
      client.on('data', (chunk: Buffer) => this.springTrap(chunk, client, upstream));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
    return this;
  }

  cut(): void {
    this.accepting = false;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * The next connection whose client sends `text` (say, a query's SQL) is dropped right there,
   * that message unsent: a connection that dies at one exact step of a conversation. Resolves
   * once it has.
   */
  dropOnNext(text: string): Promise<void> {
    return new Promise((sprung) => {
      this.trap = { text: Buffer.from(text), sprung };
    });
  }

  private springTrap(chunk: Buffer, client: net.Socket, upstream: net.Socket): void {
    if (!this.trap || !chunk.includes(this.trap.text)) return;
    const { sprung } = this.trap;
    this.trap = undefined;
    client.pause();
    upstream.destroy();
    client.destroy();
    sprung();
  }

  restore(): void {
    this.accepting = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
