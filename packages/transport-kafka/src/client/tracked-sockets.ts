import net from 'node:net';
import tls from 'node:tls';
import type { ConnectionState } from './kafka-client.js';

export interface SocketRequest {
  readonly host: string;
  readonly port: number;
  readonly ssl?: tls.ConnectionOptions | boolean | undefined;
  readonly onConnect: () => void;
}

/**
 * Opens the client's broker sockets and keeps track of them, so the transport can tell when it lost its brokers
 * (the last live connection failed or was closed by its broker) and when a new connection came up, and so a test can
 * cut them all for real. With a cluster, one broker going away is not a lost connection while the client still has
 * live connections to others (the client reaches the partitions through them); otherwise the client's attempts to
 * reach the stopped broker would keep the transport "reconnecting" for as long as that broker is down, and after.
 */
export class TrackedSockets {
  private readonly open = new Set<net.Socket>();
  /** Connected and not yet failed or closed. */
  private readonly live = new Set<net.Socket>();
  private readonly listeners: ((state: ConnectionState, detail?: string) => void)[] = [];

  constructor(private readonly onSocket?: (socket: net.Socket) => void) {}

  onState(listener: (state: ConnectionState, detail?: string) => void): void {
    this.listeners.push(listener);
  }

  readonly create = ({ host, port, ssl, onConnect }: SocketRequest): net.Socket => {
    const socket = ssl
      ? tls.connect({
          host,
          port,
          ...(net.isIP(host) ? {} : { servername: host }),
          ...(ssl === true ? {} : ssl),
        })
      : net.connect({ host, port });
    socket.setKeepAlive(true, 60_000);
    // Requests are small and each waits for its answer: Nagle's algorithm would hold a request back until the
    // previous segment is acknowledged, which the broker's delayed ACK stretches to ~40 ms.
    socket.setNoDelay(true);
    socket.once(ssl ? 'secureConnect' : 'connect', () => {
      this.live.add(socket);
      this.emit('connected');
      onConnect();
    });
    socket.on('error', (error) => this.lose(socket, `${host}:${port}: ${error.message}`));
    // The broker ended a connection the client did not end itself: a broker restart or a network cut.
    socket.on('end', () => {
      if (!socket.writableEnded) this.lose(socket, `${host}:${port}: closed by the broker`);
    });
    socket.on('close', () => {
      this.open.delete(socket);
      this.live.delete(socket);
    });
    this.open.add(socket);
    this.onSocket?.(socket);
    return socket;
  };

  /** A socket failed or its broker closed it: the client lost its brokers when no other connection is live. */
  private lose(socket: net.Socket, detail: string): void {
    this.live.delete(socket);
    if (this.live.size === 0) this.emit('lost', detail);
  }

  /** Tear every socket down with a reset, which is what the client sees when the network drops. */
  destroyAll(): void {
    if (this.open.size === 0) return;
    this.live.clear();
    this.emit('lost', 'connections cut');
    for (const socket of [...this.open]) {
      socket.destroy(Object.assign(new Error('connection reset (cut on purpose)'), { code: 'ECONNRESET' }));
    }
  }

  private emit(state: ConnectionState, detail?: string): void {
    for (const listener of this.listeners) listener(state, detail);
  }
}
