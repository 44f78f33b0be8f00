/**
 * Mailbox file formats for `mailkeep import` / `mailkeep export`: mbox (single files and
 * Thunderbird-style trees) and Maildir++. Readers yield ImportItems; writers take
 * ExportMessages. Nothing here knows the store.
 */

export * from './types.js';
export { readMbox, type MboxReadOptions, type MboxVariant } from './mbox-reader.js';
export { MboxWriter, type MboxFileOptions } from './mbox-writer.js';
export { encodeMboxMessage } from './mbox-message-encoder.js';
export { exportMboxTree, readMboxTree, type ExportedMboxFile, type MboxTreeExportOptions, type MboxTreeReadOptions } from './mbox-tree.js';
export { mboxPathForFolder } from './mbox-tree-names.js';
export { readMaildir, type MaildirReadOptions } from './maildir-reader.js';
export { readMaildirSubscriptions, writeMaildirSubscriptions } from './maildir-subscriptions.js';
export { MaildirWriter, exportMaildirTree, type MaildirWriterOptions, type MaildirWriteResult, type ExportedMaildirFolder } from './maildir-writer.js';
export { maildirDirForFolder } from './maildir-names.js';
export { decodeMutf7, encodeMutf7, Mutf7Error } from './mutf7.js';
export { FolderNameError } from './folder-name.js';
