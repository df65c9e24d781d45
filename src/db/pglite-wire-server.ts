import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/** Request codes of the untyped packets a client may send before its startup message. */
const SSL_REQUEST = 80_877_103;
const GSS_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

type Packet = 'encryption-request' | 'cancel-request' | 'protocol';

/** The length of the first whole message in `buffer` (packets before the startup one have no type byte), or 0 while it is incomplete. */
function wholeMessageLength(buffer: Buffer, started: boolean): number {
  if (!started) {
    if (buffer.length < 8) return 0;
    const length = buffer.readInt32BE(0);
    return buffer.length >= length ? length : 0;
  }
  if (buffer.length < 5) return 0;
  const length = 1 + buffer.readInt32BE(1);
  return buffer.length >= length ? length : 0;
}

function untypedPacket(message: Buffer): Packet {
  const code = message.readInt32BE(4);
  if (code === SSL_REQUEST || code === GSS_REQUEST) return 'encryption-request';
  return code === CANCEL_REQUEST ? 'cancel-request' : 'protocol';
}

/**
 * Serves the PostgreSQL wire protocol from `db`: each message is run by PGlite in the order it came and its
 * answer written back. PGlite has one session, so it serves one client connection (the owner's pool holds
 * one). Nothing authenticates: the socket lives in a directory only its owner can enter.
 */
export async function serveWireProtocol(db: PGlite, socketPath: string): Promise<Server> {
  await db.waitReady;
  const serve = (socket: Socket) => {
    let buffered = Buffer.alloc(0);
    let started = false;
    let queue = Promise.resolve();
    const handle = async (message: Buffer, packet: Packet) => {
      // encryption is refused ('N'), and there is no running query to cancel
      if (packet === 'encryption-request') return void socket.write('N');
      if (packet === 'cancel-request') return void socket.end();
      await db.runExclusive(() =>
        db.execProtocolRawStream(new Uint8Array(message), {
          // a copy: the data is a view of PGlite's memory, which the next message overwrites while a busy socket still queues it
          onRawData: (data) => {
            if (socket.writable && data.length > 0) socket.write(Buffer.from(data));
          },
        }),
      );
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let length = wholeMessageLength(buffered, started); length > 0; length = wholeMessageLength(buffered, started)) {
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        const packet = started ? 'protocol' : untypedPacket(message);
        if (packet === 'protocol') started = true;
        queue = queue.then(() => handle(message, packet)).catch(() => void socket.destroy());
      }
    });
    socket.on('error', () => socket.destroy());
    // a client gone mid-transaction leaves the one session inside it: the next client starts clean
    socket.on('close', () => void queue.then(() => db.exec('ROLLBACK')).catch(() => undefined));
  };
  const server = createServer(serve);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve(server));
  });
}
