/** LIST-EXTENDED options (RFC 5258, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS). */
import type { StatusItem } from './status.js';

export interface ListSelectOptions {
  readonly subscribed: boolean;
  readonly remote: boolean;
  readonly recursiveMatch: boolean;
  readonly specialUse: boolean;
}

export interface ListReturnOptions {
  readonly subscribed: boolean;
  readonly children: boolean;
  readonly specialUse: boolean;
  /** RETURN (STATUS (...)): a STATUS response per listed mailbox (RFC 5819). */
  readonly status: readonly StatusItem[] | undefined;
}
