// The simulator's public surface (see simulator/README.md).
export * from './engine.js';
export type { EngineName } from './executor.js';
export type { SimulationResult, VmResult, HypervisorResult, TimelineSlice, Layer, VmStatus, SourceLocation } from './result.js';
export { LAYERS } from './result.js';
export type { FrameKind } from './state.js';
