import { performance } from 'node:perf_hooks';

/**
 * Time per start-up phase for the log line written when the server listens (`startupMs`): each mark is the time
 * since the previous one; the first, `modules`, is the time from the process's start to the clock's creation (in
 * main(), after its static imports have been loaded) plus the loading of the server's modules (main() imports app.js
 * after reading the configuration, and marks `modules` again with `add`).
 */
export class StartupClock {
  readonly phases: Record<string, number> = {};
  private last = performance.now();

  constructor() {
    this.phases.modules = Math.round(this.last);
  }

  /** The time since the previous mark; with `add`, added to what the phase already has. */
  mark(phase: string, opts: { add?: boolean } = {}): void {
    const now = performance.now();
    this.phases[phase] = (opts.add ? (this.phases[phase] ?? 0) : 0) + Math.round(now - this.last);
    this.last = now;
  }

  /** Process CPU time so far (user + system, ms): unlike the phases, barely affected by other processes' load. */
  cpuMs(): number {
    const { user, system } = process.cpuUsage();
    return Math.round((user + system) / 1000);
  }
}
