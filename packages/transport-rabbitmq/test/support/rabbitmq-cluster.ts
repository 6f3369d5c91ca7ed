import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport, type RabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterAll } from 'vitest';
import { type ClusterNode, clusterNodeOfErlangName } from '../../../../scripts/test-support/service-drill.js';
import { deleteResourcesWithPrefix, ManagementApi } from './management-api.js';
import { VHOST } from './rabbitmq-test-world.js';

/** The 3-node cluster of `scripts/services.sh up --cluster`: its AMQP URLs and management URLs, node by node. */
export interface RabbitMqCluster {
  readonly urls: readonly string[];
  readonly managementUrls: readonly string[];
}

export function rabbitMqClusterFromEnvironment(what: string): RabbitMqCluster | undefined {
  const urls = brokerFromEnvironment('RABBITMQ_CLUSTER_URLS', what);
  const managementUrls = brokerFromEnvironment('RABBITMQ_CLUSTER_MANAGEMENT_URLS', what);
  if (!urls || !managementUrls) return undefined;
  return { urls: urls.split(','), managementUrls: managementUrls.split(',') };
}

/** The management API of the first node that answers (one may be stopped by a drill). */
export async function runningManagement(cluster: RabbitMqCluster): Promise<ManagementApi> {
  for (const url of cluster.managementUrls) {
    const api = new ManagementApi(url);
    if (await api.answers()) return api;
  }
  throw new Error('No node of the RabbitMQ cluster answers on its management port');
}

/** A transport on the cluster with quorum queues, trying the nodes' URLs in turn. */
export function createClusterTransport(
  cluster: RabbitMqCluster,
  prefix: string,
  options: { publishTimeoutMs?: number; connectionName?: string } = {},
): RabbitMqTransport {
  return createRabbitMqTransport({
    url: cluster.urls,
    prefix,
    queueType: 'quorum',
    reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
    ...options,
  });
}

/**
 * Where a consumer's work lives on the cluster: the node its connection is on and the node of its queue's leader
 * (they are the same node when the consumer declared the queue: quorum queue leaders start on the declaring node).
 */
export async function whereTheConsumerIs(
  cluster: RabbitMqCluster,
  consumer: RabbitMqTransport,
  queue: string,
): Promise<{ connection: ClusterNode; leader: ClusterNode }> {
  const api = await runningManagement(cluster);
  // The management database learns of new connections with a lag of a few seconds; no event tells when.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [connectionNode] = await api.nodesOfConnectionsNamed(consumer.connectionName);
    const leaderNode = await api.queueLeader('/', queue);
    if (connectionNode && leaderNode) {
      return {
        connection: clusterNodeOfErlangName(connectionNode),
        leader: clusterNodeOfErlangName(leaderNode),
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot find the consumer's connection or the leader of ${queue} in the management API`,
      );
    }
    await pause(250);
  }
}

/** What a drill on the cluster needs: the cluster, PostgreSQL, a prefix of its own and the clean-up of it. */
export interface ClusterDrill {
  readonly cluster: RabbitMqCluster | undefined;
  readonly databaseUrl: string | undefined;
  readonly prefix: string;
}

/**
 * Reads the cluster and PostgreSQL from the environment (a skip notice names the drill when they are not set) and
 * deletes the drill's queues and exchanges after the file. Call it at the top of a drill file.
 */
export function clusterDrill(what: string): ClusterDrill {
  const drill = {
    cluster: rabbitMqClusterFromEnvironment(what),
    databaseUrl: brokerFromEnvironment('DATABASE_URL', what),
    prefix: `drill-${randomUUID().slice(0, 8)}.`,
  };
  afterAll(async () => {
    if (drill.cluster)
      await deleteResourcesWithPrefix(await runningManagement(drill.cluster), VHOST, drill.prefix);
  });
  return drill;
}
