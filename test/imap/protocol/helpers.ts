/** Parse helpers for the table tests: text in (CRLF added), typed command or error out. */
import assert from 'node:assert/strict';
import { frameOf, type ReceiverOptions } from '../../../src/wire/index.js';
import { ImapParseError, parseCommand, type ImapCommand, type ParseErrorReason } from '../../../src/imap/protocol/index.js';

export function parse(line: string, options: Partial<ReceiverOptions> = {}): ImapCommand {
  return parseCommand(frameOf(line.endsWith('\n') ? line : line + '\r\n', options));
}

/** Asserts that `line` fails to parse with `reason` and `tag` (null: no tag); returns the error. */
export function parseFails(line: string, reason: ParseErrorReason = 'syntax', tag: string | null = 'a'): ImapParseError {
  let error: unknown;
  try {
    parse(line);
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof ImapParseError, `expected ImapParseError for ${JSON.stringify(line)}, got ${String(error)}`);
  assert.equal(error.reason, reason, `${JSON.stringify(line)}: ${error.message}`);
  assert.equal(error.tag ?? null, tag, `tag for ${JSON.stringify(line)}`);
  return error;
}

/** Runs a table: each row's input must parse to exactly its expected command. */
export function table(rows: ReadonlyArray<readonly [string, ImapCommand]>): void {
  for (const [input, expected] of rows) {
    assert.deepEqual(parse(input), expected, input);
  }
}

/** A sequence set of plain ranges, for short expectations: r([1, 5], [7], ['*']). */
export function seq(...ranges: Array<[number | '*', (number | '*')?]>) {
  return {
    kind: 'ranges' as const,
    ranges: ranges.map(([from, to]) => ({ from, to: to ?? from })),
  };
}
