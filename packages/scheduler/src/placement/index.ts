export { clusterFragmentation, fragmentationTable, type FragmentationTable } from './fragmentation.ts';
export { Placer } from './placer.ts';
export { createChooseNode, PLACEMENT_NAMES, type ChooseNode, type PlacementName } from './strategies.ts';
