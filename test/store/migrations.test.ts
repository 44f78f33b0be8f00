import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { schemaVersion } from '../../src/store/sqlite/database.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';

test('a store of an older schema version is migrated when opened, keeping its data', (t) => {
  const dataDir = tempDir(t);
  const old = new Database(join(dataDir, 'mailkeep.db'));
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  old.prepare("INSERT INTO account (name, password_hash, created_at) VALUES ('old', 'x', 0)").run();
  old.prepare("INSERT INTO blob (hash, size, data) VALUES (?, 3, ?)").run(Buffer.alloc(32, 1), Buffer.from('a\nb'));
  old.prepare('INSERT INTO message (blob_hash, size, internal_date) VALUES (?, 3, 0)').run(Buffer.alloc(32, 1));
  old.close();
  const store = new SqliteStore({ dataDir });
  t.after(() => store.close());
  assert.equal(schemaVersion(store.db), MIGRATIONS.length);
  assert.deepEqual(store.db.prepare('SELECT name FROM account').all(), [{ name: 'old' }]);
  assert.deepEqual(store.db.prepare('SELECT size, bare_lf FROM message').all(), [{ size: 3, bare_lf: 0 }]);
});

test('a store written by a newer Mailkeep is refused with a clear error', (t) => {
  const dataDir = tempDir(t);
  const future = new Database(join(dataDir, 'mailkeep.db'));
  future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  future.close();
  assert.throws(() => new SqliteStore({ dataDir }), /schema is version \d+, newer than this Mailkeep/);
});

test('staging counts bare LFs, also when a CR and its LF arrive in different chunks', async (t) => {
  const store = new SqliteStore({ dataDir: tempDir(t) });
  t.after(() => store.close());
  const staging = store.stageBlob();
  for (const piece of ['Subject: x\r', '\n\nline\n', 'two\r\nthree\n', '\n']) await staging.write(Buffer.from(piece));
  const blob = (await staging.finish()) as unknown as { bareLf: number };
  assert.equal(blob.bareLf, 4);
});
