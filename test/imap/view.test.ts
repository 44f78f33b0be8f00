/**
 * Property tests of a session's view (MSN <-> UID, pending changes): random appends, flag
 * changes and expunges by others, rows delivered in random batches and sometimes twice, own
 * expunges, and announcements with and without EXPUNGE allowed. A client model applies exactly
 * what it is told (EXPUNGE n, EXISTS n) and must always agree with the view; after an
 * announcement that may expunge, the view equals the mailbox.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MailboxView } from '../../src/imap/session/view.js';
import type { JournalRow, Mailbox } from '../../src/store/types.js';

type Op =
  | { op: 'append'; count: number }
  | { op: 'flag'; pick: number }
  | { op: 'expunge'; pick: number }
  | { op: 'deliver'; upTo: number; duplicate: boolean }
  | { op: 'announce'; allowExpunge: boolean }
  | { op: 'own-expunge'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant<'append'>('append'), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant<'flag'>('flag'), pick: fc.nat() }),
  fc.record({ op: fc.constant<'expunge'>('expunge'), pick: fc.nat() }),
  fc.record({ op: fc.constant<'deliver'>('deliver'), upTo: fc.nat(), duplicate: fc.boolean() }),
  fc.record({ op: fc.constant<'announce'>('announce'), allowExpunge: fc.boolean() }),
  fc.record({ op: fc.constant<'own-expunge'>('own-expunge'), pick: fc.nat() }),
);

const MAILBOX = { id: 1 } as Mailbox;

test('property: the view follows the journal and the client is never told an MSN it cannot map', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), fc.array(op, { maxLength: 60 }), (initial, ops) => {
      // The store.
      let uids = Array.from({ length: initial }, (_, i) => i + 1);
      let nextUid = initial + 1;
      let modseq = 10;
      const journal: JournalRow[] = [];
      let delivered = 0;
      // The session.
      const view = new MailboxView(MAILBOX, false, Uint32Array.from(uids), modseq, Number.MAX_SAFE_INTEGER);
      // The client: how many messages it believes exist, and their UIDs where it knows them.
      let client: (number | null)[] = [...uids];

      const announce = (allowExpunge: boolean) => {
        if (allowExpunge) {
          for (const { msn, uid } of view.takeExpunges()) {
            assert.ok(msn >= 1 && msn <= client.length, `EXPUNGE ${msn} with ${client.length} messages`);
            const known = client[msn - 1];
            assert.ok(known === null || known === uid, `EXPUNGE ${msn} is UID ${uid}, the client has ${known}`);
            client.splice(msn - 1, 1);
          }
        }
        const before = client.length;
        const exists = view.takeArrivals();
        assert.ok(exists >= before, `EXISTS ${exists} below ${before}`);
        for (let i = before; i < exists; i++) client.push(null);
        for (const uid of view.takeFlagChanges()) {
          const msn = view.msnOf(uid);
          assert.ok(msn >= 1 && msn <= client.length, `FETCH ${msn} with ${client.length} messages`);
        }
        assert.equal(view.exists, client.length);
      };

      for (const o of ops) {
        switch (o.op) {
          case 'append':
            for (let i = 0; i < o.count; i++) {
              uids.push(nextUid);
              journal.push({ modseq: ++modseq, uid: nextUid++, kind: 'added' });
            }
            break;
          case 'flag':
            if (uids.length > 0) journal.push({ modseq: ++modseq, uid: uids[o.pick % uids.length]!, kind: 'flags' });
            break;
          case 'expunge':
            if (uids.length > 0) {
              const uid = uids[o.pick % uids.length]!;
              uids = uids.filter((u) => u !== uid);
              journal.push({ modseq: ++modseq, uid, kind: 'expunged' });
            }
            break;
          case 'deliver': {
            // The feed hands over rows in batches; a row may come twice (never zero times).
            const end = delivered + (o.upTo % (journal.length - delivered + 1));
            const from = o.duplicate ? Math.max(0, delivered - 2) : delivered;
            view.record(journal.slice(from, end));
            delivered = Math.max(delivered, end);
            break;
          }
          case 'own-expunge': {
            // This session expunges a message it knows (and that still exists).
            const known = view.slice(0, view.exists).filter((u) => uids.includes(u));
            if (known.length === 0) break;
            const uid = known[o.pick % known.length]!;
            uids = uids.filter((u) => u !== uid);
            journal.push({ modseq: ++modseq, uid, kind: 'expunged' });
            for (const { msn } of view.removeOwn([uid])) {
              assert.ok(msn >= 1 && msn <= client.length);
              client.splice(msn - 1, 1);
            }
            break;
          }
          case 'announce':
            announce(o.allowExpunge);
            break;
        }
        // MSNs the client has are always valid positions in the view.
        assert.equal(view.exists, client.length);
      }
      // Catch up completely: the view is then exactly the mailbox.
      view.record(journal.slice(delivered));
      announce(true);
      assert.deepEqual([...view.slice(0, view.exists)], uids);
      client = client.map((known, i) => known ?? uids[i]!);
      assert.deepEqual(client, uids);
    }),
    { numRuns: 3000 },
  );
});

test('property: \\Recent counts what the session was given, and leaves with expunges', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.nat(), { maxLength: 10 }), (initial, recentFrom, gone) => {
      const uids = Uint32Array.from({ length: initial }, (_, i) => i + 1);
      const view = new MailboxView(MAILBOX, false, uids, 1, recentFrom);
      view.record([
        { modseq: 2, uid: initial + 1, kind: 'added' },
        { modseq: 3, uid: initial + 2, kind: 'added' },
      ]);
      const arrivals = [...view.pendingArrivals];
      // Another session claimed the first arrival; this one gets the second.
      view.markRecent(arrivals, initial + 2);
      view.takeArrivals();
      const recent = (uid: number) => (uid >= recentFrom && uid <= initial) || uid === initial + 2;
      const remove = [...new Set(gone.map((g) => (g % (initial + 2)) + 1))];
      view.removeOwn(remove);
      const left = [...view.slice(0, view.exists)];
      assert.equal(view.countRecent(), left.filter(recent).length);
      for (const uid of left) assert.equal(view.isRecent(uid), recent(uid));
    }),
    { numRuns: 2000 },
  );
});
