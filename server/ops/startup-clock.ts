import { performance } from 'node:perf_hooks';

/** Time per phase: each mark is the time since the previous one (ms); `onMark` hears of each as it ends. */
export class PhaseClock {
  readonly phases: Record<string, number> = {};
  protected last = performance.now();

  constructor(private readonly onMark?: (phase: string, ms: number) => void) {}

  /** The time since the previous mark; with `add`, added to what the phase already has. */
  mark(phase: string, opts: { add?: boolean } = {}): void {
    const now = performance.now();
    const ms = Math.round(now - this.last);
    this.phases[phase] = (opts.add ? (this.phases[phase] ?? 0) : 0) + ms;
    this.last = now;
    this.onMark?.(phase, ms);
  }
}

/**
 * Time per start-up phase for the log line written when the server listens (`startupMs`): each mark is the time
 * since the previous one; the first, `modules`, is the time from the process's start to the clock's creation (in
 * main(), after its static imports have been loaded) plus the loading of the server's modules (main() imports app.js
 * after reading the configuration, and marks `modules` again with `add`).
 */
export class StartupClock extends PhaseClock {
  constructor() {
    super();
    this.phases.modules = Math.round(this.last);
  }

  /** Process CPU time so far (user + system, ms): unlike the phases, barely affected by other processes' load. */
  cpuMs(): number {
    const { user, system } = process.cpuUsage();
    return Math.round((user + system) / 1000);
  }
}
