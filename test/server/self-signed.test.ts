import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { connect, createSecureContext, createServer } from 'node:tls';
import { test } from 'node:test';
import { generateSelfSigned } from '../../src/server/tls/self-signed.js';

test('self-signed certificates are valid DER every time (random serials included)', () => {
  for (let i = 0; i < 300; i++) {
    const pair = generateSelfSigned(`host${i}.example.org`);
    const cert = new X509Certificate(pair.cert);
    assert.ok(cert.verify(createPublicKey(pair.key)));
    assert.equal(cert.subject, `CN=host${i}.example.org`);
    assert.match(cert.subjectAltName!, /DNS:localhost, IP Address:127\.0\.0\.1/);
    createSecureContext({ cert: pair.cert, key: pair.key });
  }
});

test('a TLS client that trusts the self-signed certificate completes a handshake with it', async () => {
  const pair = generateSelfSigned('mail.example.org');
  const server = createServer({ cert: pair.cert, key: pair.key }, (socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const received = await new Promise<string>((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', servername: 'mail.example.org', ca: pair.cert }, () => undefined);
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  server.close();
  assert.equal(received, 'hello');
});
