/**
 * Every command the parser produces: a discriminated union on `name`. Mailbox arguments are
 * the raw astrings (wire form); decodeMailboxName() turns them into store names.
 */
import type { SequenceSet } from '../sequence-set.js';
import type { AppendMessage } from './append.js';
import type { FetchItem } from './fetch.js';
import type { ListReturnOptions, ListSelectOptions } from './list.js';
import type { SearchKey, SearchReturnOption } from './search.js';
import type { StatusItem } from './status.js';

interface Base<N extends string> {
  readonly tag: string;
  readonly name: N;
}

/** Commands without arguments. */
export type SimpleCommandName =
  | 'CAPABILITY'
  | 'NOOP'
  | 'LOGOUT'
  | 'STARTTLS'
  | 'CHECK'
  | 'CLOSE'
  | 'UNSELECT'
  | 'NAMESPACE'
  | 'IDLE'
  | 'UNAUTHENTICATE';

export type SimpleCommand = Base<SimpleCommandName>;

/** AUTHENTICATE mechanism [initial-response] (RFC 9051 6.2.2, RFC 4959 SASL-IR). */
export interface AuthenticateCommand extends Base<'AUTHENTICATE'> {
  /** Upper case. */
  readonly mechanism: string;
  /** Decoded; an empty Buffer for "=" (an empty initial response); undefined when absent. */
  readonly initialResponse: Buffer | undefined;
}

export interface LoginCommand extends Base<'LOGIN'> {
  readonly username: string;
  readonly password: string;
}

/** ENABLE (RFC 5161); capability names upper-cased. */
export interface EnableCommand extends Base<'ENABLE'> {
  readonly capabilities: readonly string[];
}

/** QRESYNC select parameter (RFC 7162 section 3.2.5). */
export interface QresyncParams {
  readonly uidValidity: number;
  readonly modseq: number;
  readonly knownUids: SequenceSet | undefined;
  readonly seqMatch: { readonly sequences: SequenceSet; readonly uids: SequenceSet } | undefined;
}

export interface SelectCommand extends Base<'SELECT' | 'EXAMINE'> {
  readonly mailbox: string;
  /** (CONDSTORE) select parameter (RFC 7162 section 3.1.8). */
  readonly condstore: boolean;
  readonly qresync: QresyncParams | undefined;
}

export interface CreateCommand extends Base<'CREATE'> {
  readonly mailbox: string;
  /** (USE (\Drafts ...)) (RFC 6154 section 3), canonical case for known attributes. */
  readonly specialUse: readonly string[];
}

export interface MailboxCommand extends Base<'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'> {
  readonly mailbox: string;
}

export interface RenameCommand extends Base<'RENAME'> {
  readonly from: string;
  readonly to: string;
}

export interface ListCommand extends Base<'LIST'> {
  readonly reference: string;
  /** One or more (RFC 5258 multiple patterns); "" asks for the hierarchy delimiter. */
  readonly patterns: readonly string[];
  readonly select: ListSelectOptions;
  readonly returns: ListReturnOptions;
  /** Any LIST-EXTENDED syntax was used (RFC 5258 section 3): changes what the reply holds. */
  readonly extended: boolean;
}

export interface LsubCommand extends Base<'LSUB'> {
  readonly reference: string;
  readonly pattern: string;
}

export interface StatusCommand extends Base<'STATUS'> {
  readonly mailbox: string;
  readonly items: readonly StatusItem[];
}

/** APPEND, possibly with several messages (RFC 3502 MULTIAPPEND). */
export interface AppendCommand extends Base<'APPEND'> {
  readonly mailbox: string;
  readonly messages: readonly AppendMessage[];
}

export interface SearchCommand extends Base<'SEARCH'> {
  readonly uid: boolean;
  /** As written (upper case); the session refuses unknown ones with NO [BADCHARSET]. */
  readonly charset: string | undefined;
  /**
   * undefined without RETURN: the RFC 3501 SEARCH response (ESEARCH under IMAP4rev2).
   * RETURN () is [] and means ALL (RFC 4731 section 3.1).
   */
  readonly returns: readonly SearchReturnOption[] | undefined;
  /** All keys must match. */
  readonly criteria: readonly SearchKey[];
}

export interface FetchCommand extends Base<'FETCH'> {
  readonly uid: boolean;
  readonly sequence: SequenceSet;
  /** Macros ALL, FAST and FULL arrive expanded (RFC 9051 6.4.5). */
  readonly items: readonly FetchItem[];
  /** CHANGEDSINCE (RFC 7162 section 3.1.4). */
  readonly changedSince: number | undefined;
  /** VANISHED (RFC 7162 section 3.2.6): UID FETCH with CHANGEDSINCE only. */
  readonly vanished: boolean;
}

export interface StoreCommand extends Base<'STORE'> {
  readonly uid: boolean;
  readonly sequence: SequenceSet;
  /** FLAGS, +FLAGS, -FLAGS. */
  readonly action: 'replace' | 'add' | 'remove';
  /** .SILENT */
  readonly silent: boolean;
  readonly flags: readonly string[];
  /** UNCHANGEDSINCE (RFC 7162 section 3.1.3). */
  readonly unchangedSince: number | undefined;
}

export interface CopyMoveCommand extends Base<'COPY' | 'MOVE'> {
  readonly uid: boolean;
  readonly sequence: SequenceSet;
  readonly mailbox: string;
}

/** EXPUNGE, or UID EXPUNGE with its UID set (RFC 4315 section 2.1). */
export type ExpungeCommand =
  | (Base<'EXPUNGE'> & { readonly uid: false })
  | (Base<'EXPUNGE'> & { readonly uid: true; readonly sequence: SequenceSet });

/** ID (RFC 2971): field/value pairs, or null for NIL. */
export interface IdCommand extends Base<'ID'> {
  readonly params: ReadonlyArray<readonly [field: string, value: string | null]> | null;
}

export type ImapCommand =
  | SimpleCommand
  | AuthenticateCommand
  | LoginCommand
  | EnableCommand
  | SelectCommand
  | CreateCommand
  | MailboxCommand
  | RenameCommand
  | ListCommand
  | LsubCommand
  | StatusCommand
  | AppendCommand
  | SearchCommand
  | FetchCommand
  | StoreCommand
  | CopyMoveCommand
  | ExpungeCommand
  | IdCommand;

export type ImapCommandName = ImapCommand['name'];
