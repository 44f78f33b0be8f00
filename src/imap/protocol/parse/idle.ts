/**
 * IDLE's end (RFC 2177, RFC 9051 6.3.13): the command itself has no arguments (parsed as a
 * simple command); while idling the session reads raw lines and ends on "DONE".
 */

/** True for the line that ends IDLE ("DONE", case-insensitive as all keywords). */
export function isIdleDone(line: Buffer): boolean {
  return line.length === 4 && line.toString('latin1').toUpperCase() === 'DONE';
}
