/**
 * `mailkeep check [--repair] [--verify-hashes]`: verifies the store. Exit codes follow fsck:
 * 0 no problems, 1 problems found and all repaired, 4 problems left.
 */

import { openStore } from '../../store/open.js';
import { COMMON_HELP, configFrom, parseCommand, UsageError } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: mailkeep check [--repair] [--verify-hashes]

Verifies the store: mailbox counters, UIDNEXT and HIGHESTMODSEQ against the messages, every
message's bytes (present, right size; with --verify-hashes also the SHA-256), and orphans
(messages in no mailbox, unreferenced blobs and files, leftovers of interrupted writes).
--repair fixes what it finds: orphans are removed, counters recomputed, and messages whose
bytes are lost are expunged so that clients are told. Exit status: 0 clean, 1 problems found
and repaired, 4 problems remain. Safe to run while the server runs.

${COMMON_HELP}`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'verify (and --repair) the store',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, { repair: { type: 'boolean' }, 'verify-hashes': { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const store = openStore(configFrom(values));
    try {
      const repair = values.repair === true;
      process.stderr.write(`checking ${repair ? 'and repairing ' : ''}the store...\n`);
      const report = await store.check({ repair, verifyHashes: values['verify-hashes'] === true });
      for (const problem of report.problems) {
        process.stdout.write(`${problem.repaired ? 'repaired' : 'PROBLEM'}\t${problem.kind}\t${problem.detail}\n`);
      }
      process.stdout.write(
        `${report.accounts} accounts, ${report.mailboxes} mailboxes, ${report.messages} messages, ${report.blobs} blobs: ` +
          `${report.problems.length === 0 ? 'no problems' : `${report.problems.length} problem(s)`}\n`,
      );
      if (report.problems.length === 0) return 0;
      return report.problems.every((p) => p.repaired) ? 1 : 4;
    } finally {
      await store.close();
    }
  },
};
