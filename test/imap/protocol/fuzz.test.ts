/**
 * Fuzzing the receiver and the parser together: random bytes and mutated valid commands, cut
 * at random, with random session decisions. Nothing may throw but ImapParseError, and what the
 * receiver holds stays within its limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mutate, mutationOf } from '../../helpers/mutations.js';
import { CommandReceiver, type ReceiverEvent, type ReceiverOptions } from '../../../src/wire/index.js';
import { ImapParseError, parseCommand, peekAppendMailbox, peekCommand } from '../../../src/imap/protocol/index.js';

const LIMITS: Partial<ReceiverOptions> = {
  maxLineBytes: 300,
  maxLiteralBytes: 2000,
  maxCommandLiteralBytes: 3000,
  inlineLiteralMaxBytes: 100,
  maxCommandBufferBytes: 1000,
  maxLiteralsPerCommand: 8,
};
/** What the receiver may hold besides unread input: command buffer, a line, an inline literal. */
const HELD_BOUND = 1000 + 300 + 2 + 100;

const CORPUS = [
  'a1 LOGIN {4}\r\nfred {6+}\r\nsecret\r\n',
  'a2 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0\r\n',
  'a3 SELECT INBOX (CONDSTORE QRESYNC (67890007 90060115 41,43:211 (1:3 10:12)))\r\n',
  'a4 LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" "%") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n',
  'a5 STATUS "Sent Items" (MESSAGES UIDNEXT HIGHESTMODSEQ APPENDLIMIT)\r\n',
  'a6 APPEND Drafts (\\Seen $X) " 7-Feb-1994 21:52:25 -0800" {11}\r\nHello world UTF8 (~{3+}\r\na\0b)\r\n',
  'a7 UID SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR (FROM "x" SINCE 1-Feb-2020) NOT UID 1:5 MODSEQ 5\r\n',
  'a8 UID FETCH 1:*,7 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From "To")]<0.100> BINARY[2] PREVIEW (LAZY)) (CHANGEDSINCE 5 VANISHED)\r\n',
  'a9 UID STORE 1:3 (UNCHANGEDSINCE 12) +FLAGS.SILENT (\\Deleted $Junk)\r\n',
  'b1 UID MOVE 4:* {5}\r\nTrash\r\n',
  'b2 CREATE Archive (USE (\\Archive))\r\n',
  'b3 ID ("name" "fuzz" "version" NIL)\r\n',
  'b4 ENABLE QRESYNC UTF8=ACCEPT\r\n',
  'b5 IDLE\r\nDONE\r\n',
  'b6 SEARCH HEADER {7}\r\nSubject "x\\"y" LARGER 100 (UNSEEN OR DRAFT NEW) SENTBEFORE "1-Jan-2000"\r\n',
];

const INTERESTING = [...'(){}[]<>"\\*%$+~-.:,= 0123456789\r\n\0aZ'].map((c) => c.charCodeAt(0)).concat([0x80, 0xff, 0xc3]);
const byte = fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 }));

/** Feeds `input` in pieces of the given sizes; returns how many commands parsed. */
function run(input: Buffer, cuts: readonly number[], decisions: readonly boolean[]): number {
  const receiver = new CommandReceiver(LIMITS);
  let d = 0;
  const decide = (): boolean => decisions[d++ % Math.max(1, decisions.length)] ?? false;
  let parsed = 0;
  let offset = 0;
  let cut = 0;
  while (offset < input.length) {
    const n = Math.max(1, cuts[cut++ % Math.max(1, cuts.length)] ?? input.length);
    receiver.push(input.subarray(offset, offset + n));
    offset += n;
    for (let e: ReceiverEvent | undefined = receiver.next(); e; e = receiver.next()) {
      assert.ok(receiver.heldBytes - receiver.pendingInputBytes <= HELD_BOUND, `held ${receiver.heldBytes}`);
      if (e.kind === 'continue' || e.kind === 'literal-start') {
        peekCommand(e.head);
        peekAppendMailbox(e.head);
        if (e.kind === 'continue' && decide()) receiver.rejectLiteral();
      } else if (e.kind === 'command') {
        try {
          parseCommand(e.frame);
          parsed++;
        } catch (err) {
          if (!(err instanceof ImapParseError)) throw err;
          assert.equal(err.tag, e.frame.tag);
        }
        if (decide()) receiver.expectRawLine();
      }
    }
  }
  return parsed;
}

/** FUZZ_SCALE=30 for a deeper run by hand. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

const cuts = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 });
const decisions = fc.array(fc.boolean(), { maxLength: 8 });

test('fuzz: random bytes never throw anything but ImapParseError', () => {
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 600 }), cuts, decisions, (bytes, c, d) => {
      run(Buffer.from(bytes), c, d);
    }),
    { numRuns: 1500 * SCALE },
  );
});

const mutation = mutationOf(byte);

test('fuzz: the corpus parses, and mutated commands never throw anything but ImapParseError', () => {
  // Unmutated, whole: every corpus command parses ("DONE" after IDLE, not read raw here, does not).
  const all = Buffer.from(CORPUS.join(''), 'latin1');
  assert.equal(run(all, [all.length], []), CORPUS.length);
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...CORPUS), { minLength: 1, maxLength: 3 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      cuts,
      decisions,
      (commands, mutations, c, d) => {
        run(mutate(Buffer.from(commands.join(''), 'latin1'), mutations), c, d);
      },
    ),
    { numRuns: 3000 * SCALE },
  );
});

test('fuzz: a long garbage stream through one receiver keeps memory flat', () => {
  const receiver = new CommandReceiver(LIMITS);
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000);
  const next = random(42);
  const chunk = Buffer.alloc(4096);
  const before = process.memoryUsage().heapUsed;
  let events = 0;
  for (let i = 0; i < 5000; i++) {
    for (let k = 0; k < chunk.length; k++) {
      const r = next();
      chunk[k] = r < 0.02 ? 0x0a : r < 0.03 ? 0x7b : r < 0.04 ? 0x7d : r < 0.05 ? 0x2b : Math.floor(next() * 256);
    }
    receiver.push(Buffer.from(chunk));
    for (let e = receiver.next(); e; e = receiver.next()) {
      events++;
      if (e.kind === 'command') {
        try {
          parseCommand(e.frame);
        } catch (err) {
          if (!(err instanceof ImapParseError)) throw err;
        }
      }
    }
    assert.ok(receiver.heldBytes <= HELD_BOUND + chunk.length, `held ${receiver.heldBytes}`);
  }
  const grown = process.memoryUsage().heapUsed - before;
  assert.ok(events > 1000, `only ${events} events`);
  // 20 MB went through; what stays must be a small fraction (garbage not yet collected).
  assert.ok(grown < 64 * 1024 * 1024, `heap grew ${grown}`);
});
