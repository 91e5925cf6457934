import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clusterFromOpenbNodes,
  clusterFromPreset,
  clusterFromSpec,
  describeCluster,
  findPreset,
} from '../src/index.ts';
import { describeShared } from './helpers.ts';

describe('cluster presets', () => {
  it('philly has 36 GPUs of each of three types', () => {
    const cluster = clusterFromPreset(findPreset('philly')!);
    expect(cluster.totalGpus).toBe(108);
    expect([...cluster.capacities]).toEqual([36, 36, 36]);
  });

  it('alibaba matches the openb node list shape', () => {
    const cluster = clusterFromPreset(findPreset('alibaba')!);
    expect(cluster.totalGpus).toBe(6212);
    expect(cluster.nodes.length).toBe(1213);
    const byType = Object.fromEntries(cluster.gpuTypes.map((type, k) => [type, cluster.capacities[k]]));
    expect(byType).toEqual({ G2: 4392, T4: 842, G3: 312, P100: 265, V100M32: 204, V100M16: 195, A10: 2 });
  });

  it('gives GPUs dense ids node by node', () => {
    const cluster = clusterFromSpec('a=5,b=3', 2);
    expect([...cluster.nodeGpus]).toEqual([2, 2, 1, 2, 1]);
    expect([...cluster.gpuNode]).toEqual([0, 0, 1, 1, 2, 3, 3, 4]);
    expect([...cluster.gpuType]).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect([...cluster.nodesOfType[1]!]).toEqual([3, 4]);
    expect([...cluster.maxNodeGpus]).toEqual([2, 2]);
  });
});

describe('cluster spec strings', () => {
  it('rejects malformed specs naming the flag', () => {
    expect(() => clusterFromSpec('v100:36', 4)).toThrow('--cluster: expected TYPE=COUNT');
    expect(() => clusterFromSpec('v100=4,v100=4', 4)).toThrow('expected each GPU type once, got "v100"');
    expect(() => clusterFromSpec('v100=0', 4)).toThrow('expected a positive GPU count');
    expect(() => clusterFromSpec('v100=4', 0)).toThrow('--gpus-per-node: expected a positive integer, got 0');
  });
});

describe('openb node list', () => {
  it('skips CPU-only nodes and reports bad rows by line', () => {
    const text = 'sn,cpu_milli,memory_mib,gpu,model\nn0,1,1,8,G2\nn1,1,1,0,\nn2,1,1,2,T4\n';
    const cluster = clusterFromOpenbNodes(text, 'nodes.csv');
    expect(cluster.gpuTypes).toEqual(['G2', 'T4']);
    expect(cluster.totalGpus).toBe(10);
    expect(() => clusterFromOpenbNodes('sn,gpu,model\nn0,x,G2\n', 'nodes.csv')).toThrow(
      'nodes.csv:2: gpu: expected a GPU count, got "x"',
    );
  });
});

describeShared('openb_node_list_gpu_node.csv', 'openb node list (shared file)', (path) => {
  it('loads 1213 nodes with 6212 GPUs, the same groups as the alibaba preset', () => {
    const cluster = clusterFromOpenbNodes(readFileSync(path, 'utf8'), path);
    expect(cluster.totalGpus).toBe(6212);
    expect(cluster.nodes.length).toBe(1213);
    const preset = clusterFromPreset(findPreset('alibaba')!);
    const key = (rows: { type: string; gpusPerNode: number; nodes: number }[]) =>
      rows.map((row) => `${row.type}:${row.gpusPerNode}:${row.nodes}`).sort();
    expect(key(describeCluster(cluster))).toEqual(key(describeCluster(preset)));
  });
});
