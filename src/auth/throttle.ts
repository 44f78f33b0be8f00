/**
 * Failed-login accounting per client address: every failure is answered after a delay, and an
 * address with too many recent failures is refused outright until the window passes. Shared by
 * IMAP, POP3 and the POP3 relay so that switching protocols does not reset the count.
 */

export interface ThrottleSettings {
  failureDelayMs: number;
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly settings: ThrottleSettings) {}

  /** True when this address may try to log in now. */
  allowed(address: string): boolean {
    return this.recent(address).length < this.settings.maxFailures;
  }

  /** Records a failure; resolves after the failure delay, when the answer may be sent. */
  async failed(address: string): Promise<void> {
    const list = this.recent(address);
    list.push(Date.now());
    this.failures.set(address, list);
    if (this.failures.size > 100_000) this.prune();
    await new Promise((resolve) => setTimeout(resolve, this.settings.failureDelayMs));
  }

  /** A successful login clears the address's record. */
  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = Date.now() - this.settings.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(address);
    return list;
  }

  /** Bounded memory under a spray of addresses: forget expired records. */
  private prune(): void {
    for (const address of [...this.failures.keys()]) this.recent(address);
  }
}
