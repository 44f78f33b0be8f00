/**
 * Types shared by the mailbox file format readers and writers (mbox, Maildir). These modules know
 * nothing of the store: readers turn files into these records, writers turn these records into
 * files, and the import/export commands connect them to an account.
 */

export type SystemFlag = '\\Seen' | '\\Answered' | '\\Flagged' | '\\Deleted' | '\\Draft';

/** The order readers report system flags in, so that results compare without sorting. */
export const SYSTEM_FLAGS: readonly SystemFlag[] = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'];

/** One message read from a file. */
export interface ImportedMessage {
  kind: 'message';
  /** UTF-8 folder name with '/' as hierarchy separator, 'INBOX' for the root. */
  folder: string;
  /** Message bytes with CRLF line ends (a bare LF is converted to CRLF on import). */
  bytes: Buffer;
  flags: SystemFlag[];
  keywords: string[];
  /** From the mbox From_ line, or the Maildir file's mtime; null when the file says nothing. */
  internalDate: Date | null;
  /** Where it came from, for error reports: "file.mbox: message 12 at line 345 (byte 67890)"
   *  or the Maildir file path. */
  position: string;
}

/** A bad message (or an unreadable file): reported, never silently dropped. */
export interface ImportProblem {
  kind: 'problem';
  position: string;
  reason: string;
}

/** A folder found in a tree, announced before its messages so that empty folders survive a
 *  round trip too. */
export interface ImportedFolder {
  kind: 'folder';
  folder: string;
  position: string;
}

export type ImportItem = ImportedMessage | ImportProblem | ImportedFolder;

/** What a writer needs of a message. An ImportedMessage is one, so read -> write needs no copy. */
export interface ExportMessage {
  /** CRLF line ends expected (the store's form); bare LF is accepted and read back as CRLF. */
  bytes: Buffer;
  flags: readonly SystemFlag[];
  keywords: readonly string[];
  /** null: the writer uses the time of the export. */
  internalDate: Date | null;
}

/** A folder and its messages, in the order they should be written. */
export interface ExportFolder {
  folder: string;
  messages: AsyncIterable<ExportMessage> | Iterable<ExportMessage>;
}

/** Reported by readers so that the CLI can show how far an import has got. */
export interface ReadProgress {
  bytesRead: number;
  /** null when the size is unknown (a stream without a given size). */
  totalBytes: number | null;
}

export type ProgressCallback = (progress: ReadProgress) => void;

export function isProblem(item: ImportItem): item is ImportProblem {
  return item.kind === 'problem';
}

export function isMessage(item: ImportItem): item is ImportedMessage {
  return item.kind === 'message';
}
