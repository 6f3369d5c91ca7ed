/** A clock that tests move forward by hand; it starts at the real time. */
export class ManualClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);

  /** Jump so that `now()` is (about) `target`. */
  jumpTo(target: Date): void {
    this.offsetMs = target.getTime() - Date.now();
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
