/**
 * A child process for the stalled-connections test: opens COUNT connections to PORT, reads
 * each greeting and then sends nothing. Prints one JSON line when all are open, and one when
 * all were closed by the server (with how many got a BYE first), or when DEADLINE_MS passed.
 * Usage: node stall-clients.js PORT COUNT DEADLINE_MS
 */

import { connect, type Socket } from 'node:net';

const [port, count, deadlineMs] = process.argv.slice(2).map(Number) as [number, number, number];
let greeted = 0;
let closed = 0;
let byes = 0;
const sockets: Socket[] = [];

function report(kind: string): void {
  process.stdout.write(`${JSON.stringify({ kind, greeted, closed, byes, errors })}\n`);
}

let errors = 0;
await new Promise<void>((allOpen) => {
  let opened = 0;
  const openOne = () => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    let sawGreeting = false;
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (!sawGreeting && text.includes('\r\n')) {
        sawGreeting = true;
        greeted++;
      }
    });
    socket.on('connect', () => {
      if (++opened === count) allOpen();
      else if (opened % 50 === 0) setImmediate(() => { for (let i = 0; i < 50 && sockets.length < count; i++) openOne(); });
    });
    socket.on('error', () => errors++);
    socket.on('close', () => {
      closed++;
      if (/\* BYE /.test(text)) byes++;
      if (closed === count) {
        report('closed');
        process.exit(0);
      }
    });
  };
  for (let i = 0; i < 50; i++) openOne();
});
// Wait for every greeting, then say so.
while (greeted + closed < count) await new Promise((resolve) => setTimeout(resolve, 20));
report('open');
setTimeout(() => {
  report('deadline');
  process.exit(1);
}, deadlineMs).unref();
await new Promise(() => undefined);
