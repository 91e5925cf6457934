import { FRAG_CLASS_COUNT, fragOf, nodeFragClasses } from '../fragmentation.ts';
import type { ShareState } from '../state.ts';
import type { TypicalPods } from '../typical-pods.ts';

/**
 * FGD's seven fragmentation classes of every node state, computed once per state id: the FGD
 * score and the fragmentation metrics both read them, and a node only changes state when a pod
 * lands on it or leaves.
 */
export class NodeFragMemo {
  private classes = new Float64Array(64 * FRAG_CLASS_COUNT);
  private known = new Uint8Array(64);
  private readonly scratch = new Int32Array(16);

  constructor(
    private readonly state: ShareState,
    private readonly typical: TypicalPods,
  ) {}

  /** Offset of the node's current class vector in `vector()`. */
  at(node: number): number {
    const id = this.state.stateId[node]!;
    if (id >= this.known.length) this.grow(id);
    if (!this.known[id]) {
      const { cluster } = this.state;
      const count = this.state.sortedLeft(node, this.scratch);
      nodeFragClasses(
        this.typical,
        cluster.nodeType[node]!,
        this.state.cpuLeft[node]!,
        this.scratch,
        0,
        count,
        this.classes,
        id * FRAG_CLASS_COUNT,
      );
      this.known[id] = 1;
    }
    return id * FRAG_CLASS_COUNT;
  }

  /** The class vectors (index with `at`). */
  vector(): Float64Array {
    return this.classes;
  }

  frag(node: number): number {
    const at = this.at(node);
    return fragOf(this.classes, at);
  }

  private grow(id: number): void {
    let size = this.known.length;
    while (size <= id) size *= 2;
    const known = new Uint8Array(size);
    known.set(this.known);
    const classes = new Float64Array(size * FRAG_CLASS_COUNT);
    classes.set(this.classes);
    this.known = known;
    this.classes = classes;
  }
}
