/**
 * The IMAP protocol server: one ImapSession per connection, and the per-mailbox journal feeds
 * the sessions share.
 */

import type { Socket } from 'node:net';
import { MailboxFeeds } from '../changes/mailbox-feed.js';
import type { Connection } from '../server/connection.js';
import type { ServerContext } from '../server/context.js';
import type { ProtocolServer, SessionHandle } from '../server/protocol.js';
import { ImapSession, type ImapServerShared } from './session/session.js';

export function createImapServer(context: ServerContext, implicitTls: boolean): ProtocolServer {
  const shared: ImapServerShared = { context, feeds: feedsFor(context), implicitTls };
  return {
    name: implicitTls ? 'imaps' : 'imap',
    accept(connection: Connection): SessionHandle {
      return new ImapSession(connection, shared);
    },
    refuse(socket: Socket, reason: string) {
      socket.end(`* BYE ${reason}, try again later\r\n`);
    },
  };
}

/** IMAP and IMAPS sessions on the same mailbox share one feed. */
const feedsByContext = new WeakMap<ServerContext, MailboxFeeds>();
function feedsFor(context: ServerContext): MailboxFeeds {
  let feeds = feedsByContext.get(context);
  if (!feeds) {
    feeds = new MailboxFeeds(context.services.store, context.services.bus);
    feedsByContext.set(context, feeds);
  }
  return feeds;
}
