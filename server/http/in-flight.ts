/**
 * Counts route handlers still running. A handler can outlive its request's socket (the client
 * went away mid-request), so a clean stop waits for this to reach zero, not only for the
 * server's connections to close, before it closes the database pool.
 */
export class InFlight {
  private count = 0;
  private waiting: (() => void)[] = [];

  enter(): void {
    this.count += 1;
  }

  leave(): void {
    this.count -= 1;
    if (this.count === 0) this.waiting.splice(0).forEach((resolve) => resolve());
  }

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
