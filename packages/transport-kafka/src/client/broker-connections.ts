import type net from 'node:net';
import type { Connection, ConnectionPool } from '@platformatic/kafka';
import type { ConnectionState } from './kafka-client.js';

interface PoolEvent {
  readonly broker: { readonly host: string; readonly port: number };
  readonly connection: Connection;
}

/**
 * The broker connections of every @platformatic/kafka client of one `KafkaClient` (admin, producer, each consumer
 * and its fetch pool), watched the way `TrackedSockets` watches kafkajs's sockets: the client lost its brokers when
 * the last live connection failed or was closed by its broker, and is back as soon as one connects again. The
 * library opens its sockets itself (no socket factory), so they are reached through the pools' connections.
 */
export class BrokerConnections {
  private readonly pools = new Set<ConnectionPool>();
  /** Connected and not yet failed or closed. */
  private readonly live = new Set<Connection>();
  private readonly listeners: ((state: ConnectionState, detail?: string) => void)[] = [];

  constructor(private readonly onSocket?: (socket: net.Socket) => void) {}

  onState(listener: (state: ConnectionState, detail?: string) => void): void {
    this.listeners.push(listener);
  }

  get connected(): boolean {
    return this.live.size > 0;
  }

  watch(pool: ConnectionPool): void {
    if (this.pools.has(pool)) return;
    this.pools.add(pool);
    pool.on('connect', ({ connection }: PoolEvent) => {
      const socket = connection.socket;
      if (socket) this.onSocket?.(socket);
      this.live.add(connection);
      this.emit('connected');
    });
    pool.on('disconnect', ({ broker, connection }: PoolEvent) =>
      this.lose(connection, `${broker.host}:${broker.port}: connection closed`),
    );
    pool.on('failed', ({ broker, connection }: PoolEvent) =>
      this.lose(connection, `${broker.host}:${broker.port}: could not connect`),
    );
  }

  /** A pool that was closed on purpose (a consumer stopped): its connections no longer count. */
  forget(pool: ConnectionPool): void {
    this.pools.delete(pool);
    for (const [, connection] of pool) this.live.delete(connection);
  }

  private lose(connection: Connection, detail: string): void {
    if (!this.live.delete(connection)) return;
    if (this.live.size === 0) this.emit('lost', detail);
  }

  /** Tear every socket down with a reset, which is what the client sees when the network drops. */
  destroyAll(): boolean {
    const sockets: net.Socket[] = [];
    for (const pool of this.pools) {
      for (const [, connection] of pool) if (connection.socket) sockets.push(connection.socket);
    }
    if (sockets.length === 0) return false;
    this.live.clear();
    this.emit('lost', 'connections cut');
    for (const socket of sockets) {
      socket.destroy(Object.assign(new Error('connection reset (cut on purpose)'), { code: 'ECONNRESET' }));
    }
    return true;
  }

  private emit(state: ConnectionState, detail?: string): void {
    for (const listener of this.listeners) listener(state, detail);
  }
}
