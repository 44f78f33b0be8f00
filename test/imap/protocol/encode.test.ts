/** Responses as bytes: status responses and codes, mailbox data, search results, strings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCapability,
  encodeChallenge,
  encodeContinuation,
  encodeEnabled,
  encodeEsearch,
  encodeExists,
  encodeExpunge,
  encodeFlags,
  encodeId,
  encodeList,
  encodeNamespace,
  encodeRecent,
  encodeSearch,
  encodeStatusData,
  encodeStatusResponse,
  encodeVanished,
  ResponseBuilder,
  type ResponseCode,
} from '../../../src/imap/protocol/index.js';

const rev1 = { utf8: false };
const rev2 = { utf8: true };
const str = (b: Buffer): string => b.toString('utf8');

test('encode: tagged and untagged status responses', () => {
  assert.equal(str(encodeStatusResponse({ tag: 'a1', status: 'OK', text: 'LOGIN completed' }, rev1)), 'a1 OK LOGIN completed\r\n');
  assert.equal(str(encodeStatusResponse({ status: 'BYE', text: 'Server shutting down' }, rev1)), '* BYE Server shutting down\r\n');
  assert.equal(str(encodeStatusResponse({ tag: 'a', status: 'BAD', text: '' }, rev1)), 'a BAD invalid command\r\n');
  assert.equal(
    str(encodeStatusResponse({ tag: 'a', status: 'NO', text: 'line1\r\nline2 Grüße' }, rev1)),
    'a NO line1 line2 Gr??e\r\n',
    'one line, ASCII without UTF-8',
  );
  assert.equal(str(encodeStatusResponse({ tag: 'a', status: 'NO', text: 'Grüße' }, rev2)), 'a NO Grüße\r\n');
  assert.equal(
    str(encodeStatusResponse({ status: 'PREAUTH', code: { code: 'CAPABILITY', capabilities: ['IMAP4rev1', 'IMAP4rev2'] }, text: 'ready' }, rev1)),
    '* PREAUTH [CAPABILITY IMAP4rev1 IMAP4rev2] ready\r\n',
  );
});

test('encode: every kind of response code', () => {
  const rows: Array<[ResponseCode, string]> = [
    [{ code: 'ALERT' }, '[ALERT]'],
    [{ code: 'TRYCREATE' }, '[TRYCREATE]'],
    [{ code: 'AUTHENTICATIONFAILED' }, '[AUTHENTICATIONFAILED]'],
    [{ code: 'ALREADYEXISTS' }, '[ALREADYEXISTS]'],
    [{ code: 'NONEXISTENT' }, '[NONEXISTENT]'],
    [{ code: 'OVERQUOTA' }, '[OVERQUOTA]'],
    [{ code: 'TOOBIG' }, '[TOOBIG]'],
    [{ code: 'CLOSED' }, '[CLOSED]'],
    [{ code: 'BADCHARSET', charsets: ['US-ASCII', 'UTF-8'] }, '[BADCHARSET (US-ASCII UTF-8)]'],
    [{ code: 'BADCHARSET' }, '[BADCHARSET]'],
    [{ code: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] }, '[PERMANENTFLAGS (\\Deleted \\Seen \\*)]'],
    [{ code: 'PERMANENTFLAGS', flags: [] }, '[PERMANENTFLAGS ()]'],
    [{ code: 'UIDNEXT', value: 4392 }, '[UIDNEXT 4392]'],
    [{ code: 'UIDVALIDITY', value: 3857529045 }, '[UIDVALIDITY 3857529045]'],
    [{ code: 'HIGHESTMODSEQ', value: 715194045007 }, '[HIGHESTMODSEQ 715194045007]'],
    [{ code: 'APPENDUID', uidValidity: 38505, uids: [3955] }, '[APPENDUID 38505 3955]'],
    [{ code: 'APPENDUID', uidValidity: 38505, uids: [3955, 3956, 3957, 3960] }, '[APPENDUID 38505 3955:3957,3960]'],
    [
      { code: 'COPYUID', uidValidity: 38505, source: [304, 319, 320], destination: [3956, 3957, 3958] },
      '[COPYUID 38505 304,319:320 3956:3958]',
    ],
    [{ code: 'MODIFIED', set: [[7, 7], [9, 12]] }, '[MODIFIED 7,9:12]'],
    [{ code: 'MAILBOXID', id: 'F2212ea87-6097-4256-9d51-71338625' }, '[MAILBOXID (F2212ea87-6097-4256-9d51-71338625)]'],
    [{ code: 'other', name: 'X-FOO', text: 'bar]baz' }, '[X-FOO bar baz]'],
  ];
  for (const [code, expected] of rows) {
    assert.equal(str(encodeStatusResponse({ tag: 't', status: 'OK', code, text: 'x' }, rev1)), `t OK ${expected} x\r\n`);
  }
});

test('encode: continuation requests and SASL challenges', () => {
  assert.equal(str(encodeContinuation()), '+ Ready\r\n');
  assert.equal(str(encodeContinuation('idling')), '+ idling\r\n');
  assert.equal(str(encodeChallenge(Buffer.alloc(0))), '+ \r\n');
  assert.equal(str(encodeChallenge(Buffer.from('<1896.697170952@postoffice>'))), '+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+\r\n');
});

test('encode: CAPABILITY, ENABLED, ID, NAMESPACE', () => {
  assert.equal(str(encodeCapability(['IMAP4rev1', 'IMAP4rev2', 'AUTH=PLAIN'], rev1)), '* CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN\r\n');
  assert.equal(str(encodeEnabled(['CONDSTORE'], rev1)), '* ENABLED CONDSTORE\r\n');
  assert.equal(str(encodeEnabled([], rev1)), '* ENABLED\r\n');
  assert.equal(str(encodeId(null, rev1)), '* ID NIL\r\n');
  assert.equal(str(encodeId([['name', 'Mailkeep'], ['support-url', null]], rev1)), '* ID ("name" "Mailkeep" "support-url" NIL)\r\n');
  assert.equal(str(encodeNamespace([{ prefix: '', delimiter: '/' }], [], [], rev1)), '* NAMESPACE (("" "/")) NIL NIL\r\n');
  assert.equal(
    str(encodeNamespace([{ prefix: '', delimiter: '/' }], [{ prefix: 'Other Users/', delimiter: '/' }], [{ prefix: 'Geteilt/', delimiter: null }], rev1)),
    '* NAMESPACE (("" "/")) (("Other Users/" "/")) (("Geteilt/" NIL))\r\n',
  );
});

test('encode: FLAGS, EXISTS, RECENT, EXPUNGE, VANISHED', () => {
  assert.equal(str(encodeFlags(['\\Answered', '\\Flagged', '$Junk'], rev1)), '* FLAGS (\\Answered \\Flagged $Junk)\r\n');
  assert.equal(str(encodeExists(23)), '* 23 EXISTS\r\n');
  assert.equal(str(encodeRecent(0)), '* 0 RECENT\r\n');
  assert.equal(str(encodeExpunge(3)), '* 3 EXPUNGE\r\n');
  assert.equal(str(encodeVanished([[41, 41], [43, 116]], true)), '* VANISHED (EARLIER) 41,43:116\r\n');
  assert.equal(str(encodeVanished([[405, 405]], false)), '* VANISHED 405\r\n');
});

test('encode: LIST and LSUB, names in the session encoding', () => {
  const entry = { attributes: ['\\HasNoChildren'], delimiter: '/', name: 'INBOX' };
  assert.equal(str(encodeList('LIST', entry, rev1)), '* LIST (\\HasNoChildren) "/" INBOX\r\n');
  assert.equal(str(encodeList('LSUB', { ...entry, attributes: [] }, rev1)), '* LSUB () "/" INBOX\r\n');
  assert.equal(str(encodeList('LIST', { ...entry, name: 'Entwürfe' }, rev1)), '* LIST (\\HasNoChildren) "/" Entw&APw-rfe\r\n');
  assert.equal(str(encodeList('LIST', { ...entry, name: 'Entwürfe' }, rev2)), '* LIST (\\HasNoChildren) "/" "Entwürfe"\r\n');
  assert.equal(str(encodeList('LIST', { ...entry, name: 'Sent Items' }, rev1)), '* LIST (\\HasNoChildren) "/" "Sent Items"\r\n');
  assert.equal(str(encodeList('LIST', { ...entry, name: 'nil' }, rev1)), '* LIST (\\HasNoChildren) "/" "nil"\r\n');
  assert.equal(str(encodeList('LIST', { attributes: ['\\Noselect'], delimiter: null, name: '' }, rev1)), '* LIST (\\Noselect) NIL ""\r\n');
  assert.equal(
    str(encodeList('LIST', { attributes: ['\\Subscribed'], delimiter: '/', name: 'Foo', childInfo: ['SUBSCRIBED'] }, rev1)),
    '* LIST (\\Subscribed) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))\r\n',
  );
  assert.equal(
    str(encodeList('LIST', { attributes: [], delimiter: '/', name: 'New', oldName: 'Old Box' }, rev1)),
    '* LIST () "/" New ("OLDNAME" ("Old Box"))\r\n',
  );
  assert.equal(
    str(encodeList('LIST', { attributes: [], delimiter: '"', name: 'a\\b' }, rev1)),
    '* LIST () "\\"" "a\\\\b"\r\n',
  );
});

test('encode: STATUS data', () => {
  assert.equal(
    str(encodeStatusData('blurdybloop', [['MESSAGES', 231], ['UIDNEXT', 44292]], rev1)),
    '* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n',
  );
  assert.equal(
    str(encodeStatusData('Entwürfe', [['APPENDLIMIT', null], ['MAILBOXID', 'Fabc-1'], ['HIGHESTMODSEQ', 9], ['SIZE', 12345678901]], rev1)),
    '* STATUS Entw&APw-rfe (APPENDLIMIT NIL MAILBOXID (Fabc-1) HIGHESTMODSEQ 9 SIZE 12345678901)\r\n',
  );
});

test('encode: SEARCH and ESEARCH (RFC 4731, RFC 7162)', () => {
  assert.equal(str(encodeSearch([2, 84, 882])), '* SEARCH 2 84 882\r\n');
  assert.equal(str(encodeSearch([])), '* SEARCH\r\n');
  assert.equal(str(encodeSearch([2, 10], 917162500)), '* SEARCH 2 10 (MODSEQ 917162500)\r\n');
  assert.equal(str(encodeSearch([], 917162500)), '* SEARCH\r\n');
  assert.equal(
    str(encodeEsearch({ tag: 'A282', uid: true, min: 2, max: 10, all: [[2, 2], [5, 10]], count: 7, modseq: 99 }, rev1)),
    '* ESEARCH (TAG "A282") UID MIN 2 MAX 10 ALL 2,5:10 COUNT 7 MODSEQ 99\r\n',
  );
  assert.equal(str(encodeEsearch({ tag: 'a', uid: false, count: 0, all: [] }, rev1)), '* ESEARCH (TAG "a") COUNT 0\r\n');
  assert.equal(str(encodeEsearch({ uid: false }, rev1)), '* ESEARCH\r\n');
});

test('encode: string forms: atom, quoted, literal, by session mode', () => {
  const w = (f: (b: ResponseBuilder) => void, options = rev1): string => {
    const b = new ResponseBuilder(options);
    f(b);
    return b.take().toString('utf8');
  };
  assert.equal(w((b) => b.astring('INBOX')), 'INBOX');
  assert.equal(w((b) => b.astring('a]b')), 'a]b');
  assert.equal(w((b) => b.astring('')), '""');
  assert.equal(w((b) => b.astring('NIL')), '"NIL"');
  assert.equal(w((b) => b.astring('two words')), '"two words"');
  assert.equal(w((b) => b.astring('%')), '"%"');
  assert.equal(w((b) => b.string('say "hi" \\o/')), '"say \\"hi\\" \\\\o/"');
  assert.equal(w((b) => b.string('a\r\nb')), '{4}\r\na\r\nb');
  assert.equal(w((b) => b.string('Grüße')), '{7}\r\nGrüße');
  assert.equal(w((b) => b.string('Grüße'), rev2), '"Grüße"');
  const invalid = new ResponseBuilder(rev2).string(Buffer.from([0x66, 0xe9])).take();
  assert.deepEqual(invalid, Buffer.from([...Buffer.from('{2}\r\nf'), 0xe9]), 'invalid UTF-8 stays a literal');
  assert.equal(w((b) => b.nstring(null)), 'NIL');
  assert.equal(w((b) => b.nstring('')), '""');
  assert.equal(w((b) => b.literal(Buffer.from('a\0b'), true)), '~{3}\r\na\0b');
});
