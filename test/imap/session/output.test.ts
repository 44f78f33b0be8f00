/** ResponseWriter over a real loopback socket: corked small writes are joined, order is kept. */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { ResponseWriter } from '../../../src/imap/session/output.js';

/** A connected pair: the server's socket (written by the ResponseWriter) and all bytes the client read. */
async function socketPair(): Promise<{ server: Socket; received: () => Promise<Buffer>; close: () => void }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  const [server] = (await once(listener, 'connection')) as [Socket];
  const chunks: Buffer[] = [];
  client.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(client, 'end');
  return {
    server,
    received: async () => {
      await ended;
      return Buffer.concat(chunks);
    },
    close: () => {
      client.destroy();
      listener.close();
    },
  };
}

test('corked writes reach the client in order, small ones joined into few socket writes', async () => {
  const pair = await socketPair();
  let socketWrites = 0;
  const write = pair.server.write.bind(pair.server) as (data: Buffer) => boolean;
  pair.server.write = ((data: Buffer) => {
    socketWrites++;
    return write(data);
  }) as Socket['write'];
  const out = new ResponseWriter(pair.server, 10_000);
  const expected: Buffer[] = [];
  out.cork();
  for (let i = 0; i < 2_000; i++) {
    const line = Buffer.from(`* ${i + 1} FETCH (UID ${i + 1} ENVELOPE (NIL "subject ${i}"))\r\n`);
    expected.push(line);
    await out.send(line);
    if (i === 1_000) {
      // A large piece (a message body) goes through as it is, after what came before it.
      const large = Buffer.alloc(100_000, 0x61);
      expected.push(large);
      await out.send(large);
    }
  }
  const last = Buffer.from('a OK FETCH completed\r\n');
  expected.push(last);
  out.write(last);
  out.uncork();
  out.close();
  const received = await pair.received();
  pair.close();
  assert.deepEqual(received, Buffer.concat(expected));
  assert.ok(socketWrites < 20, `${socketWrites} socket writes for 2,002 responses`);
});

test('writes made while not corked go out at once; corked ones wait for uncork', async () => {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  const [server] = (await once(listener, 'connection')) as [Socket];
  const out = new ResponseWriter(server, 10_000);
  out.write(Buffer.from('* OK ready\r\n'));
  const [first] = (await once(client, 'data')) as [Buffer];
  assert.equal(first.toString(), '* OK ready\r\n');
  out.cork();
  out.write(Buffer.from('* 1 EXISTS\r\n'));
  let early = '';
  client.on('data', (c: Buffer) => (early += c.toString()));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(early, '', 'nothing leaves while corked and under the flush size');
  out.uncork();
  await once(client, 'data');
  assert.equal(early, '* 1 EXISTS\r\n');
  client.destroy();
  server.destroy();
  listener.close();
});
