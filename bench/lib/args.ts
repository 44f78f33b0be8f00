/**
 * Command-line options shared by the benchmarks: `--name value` or `--name=value`, and the
 * conventions `--only a,b` (run some parts), `--dovecot off` (skip the comparison).
 */

export class BenchArgs {
  private readonly values = new Map<string, string>();

  constructor(argv: readonly string[] = process.argv.slice(2)) {
    for (let k = 0; k < argv.length; k++) {
      const arg = argv[k]!;
      if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
      const eq = arg.indexOf('=');
      if (eq > 0) this.values.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (k + 1 < argv.length && !argv[k + 1]!.startsWith('--')) this.values.set(arg.slice(2), argv[++k]!);
      else this.values.set(arg.slice(2), 'on');
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string, fallback: string): string {
    return this.values.get(name) ?? fallback;
  }

  number(name: string, fallback: number): number {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    const n = Number(value.replace(/[_,]/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, not "${value}"`);
    return n;
  }

  /** False for "off", "no", "false", "0". */
  flag(name: string, fallback: boolean): boolean {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    return !['off', 'no', 'false', '0'].includes(value.toLowerCase());
  }

  /** The parts named by --only (all of `known` without it); unknown names are an error. */
  only(known: readonly string[]): Set<string> {
    const value = this.values.get('only');
    if (value === undefined) return new Set(known);
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of names) if (!known.includes(name)) throw new Error(`--only: unknown part "${name}" (known: ${known.join(', ')})`);
    return new Set(names);
  }

  /** Options not in `known` (to report typos). */
  unknown(known: readonly string[]): string[] {
    return [...this.values.keys()].filter((k) => !known.includes(k));
  }
}
