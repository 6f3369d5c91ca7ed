import type { Channel, ChannelModel } from 'amqplib';

/**
 * Runs `work` on a short-lived channel. Passive checks and declarations that fail close their channel on the
 * broker side, so they must never share the publishing or consuming channels.
 */
export async function withChannel<Result>(
  model: ChannelModel,
  work: (channel: Channel) => Promise<Result>,
): Promise<Result> {
  const channel = await model.createChannel();
  let closed = false;
  // The failure reaches `work` as a rejected operation; without a listener it would crash the process.
  channel.on('error', () => {});
  channel.on('close', () => {
    closed = true;
  });
  try {
    return await work(channel);
  } finally {
    if (!closed) await channel.close().catch(() => {});
  }
}

/** The AMQP reply code of a channel or connection error (404 NOT_FOUND, 406 PRECONDITION_FAILED…). */
export function amqpCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
