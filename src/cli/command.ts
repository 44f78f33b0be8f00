/** The shape of a `mailkeep` subcommand. */

export interface Command {
  name: string;
  /** One line for `mailkeep --help`. */
  summary: string;
  /** Full usage text for `mailkeep NAME --help`. */
  help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}
