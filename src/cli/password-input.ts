/**
 * Reads a new password without ever taking it from argv (where `ps` would show it): from
 * standard input with --password-stdin, or from a prompt that does not echo.
 */

import { UsageError } from './args.js';

export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is the end of the line, not part of the password.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length === 0) throw new UsageError('no password on standard input');
  if (/[\r\n]/.test(password)) throw new UsageError('the password on standard input has more than one line');
  return password;
}

export async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('standard input is not a terminal: use --password-stdin');
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second) throw new UsageError('the passwords do not match');
  if (first.length === 0) throw new UsageError('the password is empty');
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          return resolve(text);
        }
        if (char === '\u0003') {
          finish();
          return reject(new UsageError('cancelled'));
        }
        if (char === '\u007f' || char === '\b') text = text.slice(0, -1);
        else text += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export function readNewPassword(passwordStdin: boolean): Promise<string> {
  return passwordStdin ? readPasswordFromStdin() : promptPassword();
}
