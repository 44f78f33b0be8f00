/** What every command parser receives besides the cursor. */
import type { Cursor } from '../cursor.js';
import type { ImapCommand } from '../types/command.js';

export interface CommandHead {
  readonly tag: string;
  /** Upper case, without the UID prefix. */
  readonly name: string;
  /** The command came as `UID <name>`. */
  readonly uid: boolean;
}

/** Parses the arguments after the command name (the cursor stands right after it). */
export type CommandParser = (c: Cursor, head: CommandHead) => ImapCommand;
