import type { ChannelModel } from 'amqplib';

/** The parts of amqplib's connection that move frames from its channels to the socket. */
interface MuxedConnection {
  readonly stream?: { cork?: () => void; uncork?: () => void };
  readonly muxer?: { _readIncoming?: () => void };
}

/**
 * Makes every round of amqplib's frame multiplexer reach the socket as one write. amqplib queues each channel's
 * frames (a publish, an ack) and, once per turn of the event loop, writes them to the socket one by one; with
 * Nagle's algorithm off each write is a system call and a TCP segment of its own. Corking the socket for that
 * round hands Node all of the round's frames at once, which it writes with one `writev`. Nothing waits longer: the
 * socket is uncorked before the round returns. Returns false, and changes nothing, when the connection does not
 * have the shape this relies on (another amqplib version).
 */
export function corkSocketWrites(model: ChannelModel): boolean {
  const connection = (model as unknown as { connection?: MuxedConnection }).connection;
  const stream = connection?.stream;
  const muxer = connection?.muxer;
  if (
    muxer === undefined ||
    typeof muxer._readIncoming !== 'function' ||
    typeof stream?.cork !== 'function' ||
    typeof stream.uncork !== 'function'
  ) {
    return false;
  }
  const readIncoming = muxer._readIncoming;
  const socket = stream as { cork: () => void; uncork: () => void };
  muxer._readIncoming = function corkedRound(this: unknown) {
    socket.cork();
    try {
      readIncoming.call(this);
    } finally {
      socket.uncork();
    }
  };
  return true;
}
