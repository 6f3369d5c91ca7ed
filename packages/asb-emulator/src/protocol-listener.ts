import { createServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

const TLS_HANDSHAKE = 0x16;

/**
 * One port for both clients of a namespace: the SDK's ServiceBusClient speaks plain AMQP to `sb://host:port`
 * (`UseDevelopmentEmulator=true`), and its ServiceBusAdministrationClient always speaks HTTPS to `https://host:port`
 * from the same connection string. The first byte tells them apart (a TLS handshake starts with 0x16, AMQP with
 * "AMQP").
 */
export function listenForBoth(
  host: string,
  port: number,
  onAmqp: (socket: Socket) => void,
  onTls: (stream: Duplex) => void,
): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.once('data', (first: Buffer) => {
      if (first[0] === TLS_HANDSHAKE) {
        onTls(replaying(first, socket));
        return;
      }
      socket.pause();
      socket.unshift(first);
      onAmqp(socket);
      socket.resume();
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * The socket as a stream that starts with the bytes already read. TLS reads a plain socket's handle natively, past
 * anything put back with `unshift`, so it gets this JavaScript stream instead (HTTPS here is small and rare).
 */
function replaying(first: Buffer, socket: Socket): Duplex {
  const stream = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => socket.write(chunk, done),
    final: (done) => socket.end(done),
    destroy: (error, done) => {
      socket.destroy();
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  return stream;
}
