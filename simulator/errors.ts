/** A definition the simulator refuses to run (errors in it, an unknown preset): one clear message. */
export class SimulationError extends Error {}
