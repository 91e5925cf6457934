/**
 * Speeds of GPU types Gavel never measured, as a factor of a measured type's throughput for the
 * same job. This is the only place GPU type names carry meaning; matching is case-insensitive.
 *
 * V100M32/V100M16 are V100s (16 or 32 GB), so they run at V100 speed. T4 and A10 follow their
 * FP32 peak and memory bandwidth relative to a V100 (T4: 8.1 TFLOPS and 320 GB/s, about 0.4x;
 * A10: 31 TFLOPS but 600 GB/s, about 0.85x for training). G1/G2/G3 are undisclosed Alibaba codes;
 * we assume V100-class speed for them, which is an assumption, not a measurement.
 */
export const RELATIVE_SPEEDS: Readonly<Record<string, { base: string; factor: number }>> = {
  v100m32: { base: 'v100', factor: 1 },
  v100m16: { base: 'v100', factor: 1 },
  t4: { base: 'v100', factor: 0.4 },
  a10: { base: 'v100', factor: 0.85 },
  a100: { base: 'v100', factor: 1.6 },
  g1: { base: 'v100', factor: 1 },
  g2: { base: 'v100', factor: 1 },
  g3: { base: 'v100', factor: 1 },
};
