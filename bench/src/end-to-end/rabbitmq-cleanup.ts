import amqp from 'amqplib';

/** Deletes a run's queues and exchanges so repeated runs do not pile up resources on the broker. */
export async function deleteRabbitMqResources(
  url: string,
  resources: { readonly queues: readonly string[]; readonly exchanges: readonly string[] },
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of resources.queues) await channel.deleteQueue(queue);
    for (const exchange of resources.exchanges) await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
