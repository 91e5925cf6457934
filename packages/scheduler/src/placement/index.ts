export { clusterFragmentation, type FragmentationTable, fragmentationTable } from './fragmentation.ts';
export { Placer } from './placer.ts';
export { type ChooseNode, createChooseNode, PLACEMENT_NAMES, type PlacementName } from './strategies.ts';
