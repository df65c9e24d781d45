export interface Poller {
  stop(): void;
  /** Refresh now (e.g. after an action), and keep polling if the refresh says so. */
  kick(): void;
}

/** Runs `refresh` now and again `intervalMs` after each run while it returns true; a throwing run is retried. */
export function poll(refresh: () => Promise<boolean>, intervalMs: number): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running = false;
  let rerun = false;
  const run = async (): Promise<void> => {
    clearTimeout(timer);
    if (stopped) return;
    if (running) {
      rerun = true;
      return;
    }
    running = true;
    let again: boolean;
    try {
      again = await refresh();
    } catch {
      again = true;
    } finally {
      running = false;
    }
    if (stopped) return;
    if (rerun) {
      rerun = false;
      void run();
    } else if (again) timer = setTimeout(run, intervalMs);
  };
  void run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    kick: () => void run(),
  };
}
