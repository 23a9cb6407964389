/** Injection token of the process's Runtime (config, logger, bus, metrics, data sources). */
export const RUNTIME = Symbol('RUNTIME');
