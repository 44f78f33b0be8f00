/**
 * Runs a receiver over a whole input at once: for tests, transcripts and tools, never for a
 * live connection (it accepts every synchronising literal without asking anyone).
 */
import type { ReceiverEvent } from './events.js';
import type { CommandFrame } from './frame.js';
import { CommandReceiver, type ReceiverOptions } from './receiver.js';

/** Every event the input produces, with `literal-data` chunks copied so they stay valid. */
export function receiveAll(input: Buffer | string, options: Partial<ReceiverOptions> = {}): ReceiverEvent[] {
  const receiver = new CommandReceiver(options);
  receiver.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  const events: ReceiverEvent[] = [];
  for (let event = receiver.next(); event !== undefined; event = receiver.next()) {
    events.push(event.kind === 'literal-data' ? { kind: 'literal-data', chunk: Buffer.from(event.chunk) } : event);
  }
  return events;
}

/** The frame of the first complete command in `input`; throws when there is none. */
export function frameOf(input: Buffer | string, options: Partial<ReceiverOptions> = {}): CommandFrame {
  for (const event of receiveAll(input, options)) {
    if (event.kind === 'command') return event.frame;
  }
  throw new Error('no complete command in input');
}
