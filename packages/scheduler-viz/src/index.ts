export type { LoadedRun, RunSource } from './loader.ts';
export { type LoadFigures, mountViewer, type ViewerHandle, type ViewerOptions } from './viewer.ts';
