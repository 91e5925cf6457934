import type { SharePolicyName } from './sharing/policies/types.ts';
import { PLACEMENT_NAMES, type PlacementName } from './strategies.ts';

/** Placements of the GPU-sharing model that have no whole-GPU counterpart (FGD paper, section 6.1). */
export const SHARING_ONLY_PLACEMENTS = ['dotprod', 'clustering', 'packing'] as const;

/** What `gpusim run --placement` accepts: every whole-GPU strategy, then the sharing-only ones. */
export const RUN_PLACEMENT_NAMES = [...PLACEMENT_NAMES, ...SHARING_ONLY_PLACEMENTS] as const;
export type RunPlacementName = (typeof RUN_PLACEMENT_NAMES)[number];

export function isSharingOnlyPlacement(
  name: RunPlacementName,
): name is (typeof SHARING_ONLY_PLACEMENTS)[number] {
  return (SHARING_ONLY_PLACEMENTS as readonly string[]).includes(name);
}

/** The sharing model's policy for a run's `--placement` (the names differ only for best-fit). */
export function sharePolicyOf(name: RunPlacementName): SharePolicyName {
  return name === 'best-fit' ? 'bestfit' : name;
}

/** The whole-GPU strategy of a run's `--placement`, for runs without GPU sharing. */
export function wholeGpuPlacementOf(name: RunPlacementName): PlacementName | undefined {
  return isSharingOnlyPlacement(name) ? undefined : name;
}
