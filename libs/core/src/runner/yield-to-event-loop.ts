/** Lets signal handlers (Ctrl-C), timers and progress bars run between steps of synchronous work. */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
