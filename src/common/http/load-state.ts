/**
 * Whether the process is past a load-shedding limit right now (see load-shedding.ts), for
 * readiness to report. Never overloaded until load shedding is registered, or when it is off.
 */
export class LoadState {
  private probe: () => boolean = () => false;

  get overloaded(): boolean {
    return this.probe();
  }

  /** Reads the pressure from `probe` from now on. */
  watch(probe: () => boolean): void {
    this.probe = probe;
  }
}
