/**
 * Progress for long CLI jobs (import, export, check): a line that updates in place on a
 * terminal, and a line every few seconds when the output goes to a file or a pipe.
 */

export interface Progress {
  update(done: number, detail?: string): void;
  finish(summary: string): void;
}

export function createProgress(label: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const interactive = stream.isTTY === true;
  let last = 0;
  const line = (done: number, detail?: string) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const share = total ? ` of ${total} (${Math.floor((done / total) * 100)}%)` : '';
    return `${label}: ${done}${share}, ${rate}/s${detail ? `, ${detail}` : ''}`;
  };
  return {
    update(done, detail) {
      const now = Date.now();
      if (now - last < (interactive ? 100 : 2000)) return;
      last = now;
      stream.write(interactive ? `\r\u001b[K${line(done, detail)}` : `${line(done, detail)}\n`);
    },
    finish(summary) {
      stream.write(`${interactive ? '\r\u001b[K' : ''}${label}: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
