/** The IMAP input receiver: bytes in, command frames and literal streams out. No I/O. */
export { CommandReceiver, DEFAULT_RECEIVER_OPTIONS, type ReceiverOptions } from './receiver.js';
export type { LiteralInfo, OverflowLimit, ReceiverEvent } from './events.js';
export {
  describeFrame,
  type CommandFrame,
  type FramePart,
  type InlineLiteralPart,
  type LiteralPart,
  type StreamedLiteralPart,
  type TextPart,
} from './frame.js';
export { findLiteralMarker, type LiteralMarker } from './literal-marker.js';
export { readTag } from './tag.js';
export { frameOf, receiveAll } from './collect.js';
