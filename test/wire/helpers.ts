/** Drives a CommandReceiver over an input cut into pieces, collecting comparable events. */
import { CommandReceiver, type ReceiverEvent, type ReceiverOptions } from '../../src/wire/index.js';

/** What a test does after an event (e.g. expectRawLine after IDLE, rejectLiteral). */
export type Hook = (event: ReceiverEvent, receiver: CommandReceiver) => void;

/** A deterministic pseudo-random generator (xorshift), so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Cuts `input` into chunks: whole, byte by byte, or at random points. */
export function split(input: Buffer, how: 'whole' | 'bytes' | number): Buffer[] {
  if (how === 'whole') return [input];
  if (how === 'bytes') return [...input].map((b) => Buffer.from([b]));
  const next = rng(how);
  const out: Buffer[] = [];
  let i = 0;
  while (i < input.length) {
    const n = 1 + Math.floor(next() * Math.min(64, input.length - i));
    out.push(input.subarray(i, i + n));
    i += n;
  }
  return out;
}

/**
 * Feeds the chunks (pulling events after each push) and returns the events with consecutive
 * literal-data chunks merged and copied, so any two splittings can be compared.
 */
export function drive(
  chunks: readonly Buffer[],
  options: Partial<ReceiverOptions> = {},
  hook?: Hook,
): { events: ReceiverEvent[]; receiver: CommandReceiver; maxHeld: number } {
  const receiver = new CommandReceiver(options);
  const events: ReceiverEvent[] = [];
  let maxHeld = 0;
  for (const chunk of chunks) {
    receiver.push(Buffer.from(chunk)); // copies: the receiver may keep views of what it gets
    for (let e = receiver.next(); e !== undefined; e = receiver.next()) {
      const last = events[events.length - 1];
      if (e.kind === 'literal-data' && last?.kind === 'literal-data') {
        events[events.length - 1] = { kind: 'literal-data', chunk: Buffer.concat([last.chunk, e.chunk]) };
      } else events.push(e.kind === 'literal-data' ? { kind: 'literal-data', chunk: Buffer.from(e.chunk) } : e);
      hook?.(e, receiver);
      maxHeld = Math.max(maxHeld, receiver.heldBytes);
    }
  }
  return { events, receiver, maxHeld };
}

/** A frame's parts as strings: "text" pieces and "{n}"/"{n+}"/"~{n}" + data for literals. */
export function show(events: readonly ReceiverEvent[]): string[] {
  return events.map((e) => {
    switch (e.kind) {
      case 'command':
        return (
          'command ' +
          e.frame.parts
            .map((p) =>
              p.kind === 'text'
                ? JSON.stringify(p.bytes.toString('latin1'))
                : `${p.binary ? '~' : ''}{${p.size}${p.sync ? '' : '+'}}` +
                  (p.streamed ? '<streamed>' : JSON.stringify(p.data.toString('latin1'))),
            )
            .join(' ')
        );
      case 'continue':
      case 'literal-start':
        return `${e.kind} ${e.tag} ${e.literal.size}${e.literal.streamed ? ' streamed' : ''}`;
      case 'literal-data':
        return `data ${e.chunk.length}`;
      case 'literal-end':
        return `literal-end ${e.literal.index}`;
      case 'raw-line':
        return `raw ${JSON.stringify(e.line.toString('latin1'))}`;
      case 'overflow':
        return `overflow ${e.limit} ${e.tag}${e.rawLine ? ' raw' : ''}`;
    }
  });
}
