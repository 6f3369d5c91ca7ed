import type net from 'node:net';

const PRODUCE_API_KEY = 0;

/**
 * A wire-level fault for a real broker: while cutting, a socket that carried a produce request is destroyed the
 * moment the broker's answer arrives, so the broker has written the records but the client never hears so — what a
 * broker stopping mid-request, or a network cut, does to a client.
 */
export class ProduceAnswerCutter {
  private cutting = false;
  /** Produce answers thrown away so far. */
  cut = 0;

  readonly onSocket = (socket: net.Socket): void => {
    let carriedProduce = false;
    const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      // A Kafka request: int32 size, then int16 API key.
      if (Buffer.isBuffer(chunk) && chunk.length >= 6 && chunk.readInt16BE(4) === PRODUCE_API_KEY) {
        carriedProduce = true;
      }
      return write(chunk, ...rest);
    }) as net.Socket['write'];
    const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === 'data' && this.cutting && carriedProduce) {
        this.cut++;
        socket.destroy(Object.assign(new Error('answer cut on purpose'), { code: 'ECONNRESET' }));
        return true;
      }
      return emit(event, ...args);
    }) as net.Socket['emit'];
  };

  start(): void {
    this.cutting = true;
  }

  stop(): void {
    this.cutting = false;
  }
}
