import { setTimeout as pause } from 'node:timers/promises';

interface ManagementConnection {
  readonly name: string;
  readonly node?: string;
  readonly client_properties?: { readonly connection_name?: string };
}

/** Talks to the RabbitMQ management HTTP API; fetch refuses credentials in URLs, so they move to a header. */
export class ManagementApi {
  private readonly base: string;
  private readonly authorization: string;

  constructor(managementUrl: string) {
    const url = new URL(managementUrl);
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
    this.base = url.toString().replace(/\/$/, '');
  }

  private async request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Response> {
    const response = await fetch(`${this.base}/api${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(
        `Management API ${method} ${path} answered ${response.status}: ${await response.text()}`,
      );
    }
    return response;
  }

  /** A user with every permission on `vhost` (a test's own credentials, e.g. a password that is a canary). */
  async createUser(vhost: string, name: string, password: string): Promise<void> {
    await this.request('PUT', `/users/${encodeURIComponent(name)}`, {}, { password, tags: '' });
    await this.request(
      'PUT',
      `/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`,
      {},
      { configure: '.*', write: '.*', read: '.*' },
    );
  }

  async deleteUser(name: string): Promise<void> {
    await this.request('DELETE', `/users/${encodeURIComponent(name)}`);
  }

  /** Whether the node behind this URL answers (a drill may have stopped it). */
  async answers(): Promise<boolean> {
    return fetch(`${this.base}/api/overview`, {
      headers: { authorization: this.authorization },
      signal: AbortSignal.timeout(2_000),
    }).then(
      (response) => response.ok,
      () => false,
    );
  }

  async connectionsNamed(connectionName: string): Promise<string[]> {
    return (await this.connectionsCalled(connectionName)).map((connection) => connection.name);
  }

  /** The cluster nodes the connections carrying `connectionName` are on (Erlang node names). */
  async nodesOfConnectionsNamed(connectionName: string): Promise<string[]> {
    return (await this.connectionsCalled(connectionName)).flatMap((connection) =>
      connection.node ? [connection.node] : [],
    );
  }

  private async connectionsCalled(connectionName: string): Promise<ManagementConnection[]> {
    const response = await this.request('GET', '/connections?columns=name,node,client_properties');
    const connections = (await response.json()) as ManagementConnection[];
    return connections.filter(
      (connection) => connection.client_properties?.connection_name === connectionName,
    );
  }

  /** The node a queue's leader (quorum queue) or its only replica (classic queue) is on. */
  async queueLeader(vhost: string, name: string): Promise<string | undefined> {
    const response = await this.request(
      'GET',
      `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}?columns=leader,node`,
    );
    if (response.status === 404) return undefined;
    const queue = (await response.json()) as { leader?: string; node?: string };
    return queue.leader ?? queue.node;
  }

  /**
   * Force-closes the broker connections carrying `connectionName` (only this transport's, so parallel test files
   * keep theirs). The management database learns about new connections with a short lag, hence the bounded wait.
   */
  async closeConnectionsNamed(connectionName: string, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let names = await this.connectionsNamed(connectionName);
    while (names.length === 0) {
      if (Date.now() > deadline) {
        throw new Error(
          `No broker connection named "${connectionName}" appeared in the management API within ${timeoutMs}ms`,
        );
      }
      // No event tells when the management database has caught up, so poll it, bounded by the deadline.
      await pause(250);
      names = await this.connectionsNamed(connectionName);
    }
    for (const name of names) {
      await this.request('DELETE', `/connections/${encodeURIComponent(name)}`, {
        'x-reason': 'conformance: cut connection',
      });
    }
    return names.length;
  }

  async queue(
    vhost: string,
    name: string,
  ): Promise<{ messages: number; arguments: Record<string, unknown> } | undefined> {
    const response = await this.request(
      'GET',
      `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`,
    );
    if (response.status === 404) return undefined;
    return (await response.json()) as { messages: number; arguments: Record<string, unknown> };
  }

  async deleteNamed(vhost: string, kind: 'queues' | 'exchanges', prefix: string): Promise<void> {
    const response = await this.request('GET', `/${kind}/${encodeURIComponent(vhost)}?columns=name`);
    const resources = (await response.json()) as { name: string }[];
    for (const { name } of resources.filter((resource) => resource.name.startsWith(prefix))) {
      await this.request('DELETE', `/${kind}/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`);
    }
  }

  async bindingsOf(vhost: string, queue: string): Promise<{ source: string; routing_key: string }[]> {
    const response = await this.request(
      'GET',
      `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}/bindings`,
    );
    return (await response.json()) as { source: string; routing_key: string }[];
  }
}

/** Deletes every queue and exchange whose name starts with `prefix` in `vhost` (test clean-up). */
export async function deleteResourcesWithPrefix(
  api: ManagementApi,
  vhost: string,
  prefix: string,
): Promise<void> {
  await api.deleteNamed(vhost, 'queues', prefix);
  await api.deleteNamed(vhost, 'exchanges', prefix);
}
