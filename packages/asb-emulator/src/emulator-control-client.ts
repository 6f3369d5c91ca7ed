import { request } from 'node:https';
import type { ConnectionInfo } from './amqp/client-connection.js';
import type { DropFilter } from './service-bus-emulator.js';

/**
 * The emulator's test controls from another process (CI runs the emulator with scripts/services.sh): the
 * connection string names the port, the certificate is the one the emulator wrote.
 */
export class EmulatorControlClient {
  private readonly host: string;
  private readonly port: number;

  constructor(
    connectionString: string,
    private readonly certificatePem: string,
  ) {
    const endpoint = /Endpoint=sb:\/\/([^;/]+)/i.exec(connectionString)?.[1];
    if (!endpoint) throw new TypeError('The connection string has no Endpoint=sb://host:port');
    const [host, port] = endpoint.split(':');
    this.host = host!;
    this.port = Number(port ?? 5671);
  }

  connections(): Promise<ConnectionInfo[]> {
    return this.call('GET', 'connections');
  }

  async dropConnections(filter: DropFilter = {}): Promise<number> {
    const { dropped } = await this.call<{ dropped: number }>('POST', 'connections/drop', filter);
    return dropped;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: this.host, port: this.port, method, path: `/$emulator/${path}`, ca: this.certificatePem },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== 200)
              reject(new Error(`Emulator control ${path}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      call.on('error', reject);
      call.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
}
