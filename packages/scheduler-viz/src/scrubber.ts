import type { Derived } from './derive.ts';
import { formatDuration } from './format-values.ts';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 10];
/** Rounds per second at 1x. */
const BASE_ROUNDS_PER_SECOND = 10;

/**
 * The round slider with the measurement window bands, and playback. It owns no run data beyond
 * the round count and times; the viewer listens to `onChange`.
 */
export class Scrubber {
  readonly element: HTMLElement;
  onChange: ((round: number) => void) | undefined;
  #input: HTMLInputElement;
  #label: HTMLElement;
  #bands: HTMLElement;
  #play: HTMLButtonElement;
  #speed: HTMLSelectElement;
  #times: Float64Array = new Float64Array(0);
  #round = 0;
  #playing = false;
  #frame = 0;
  #last = 0;
  #carry = 0;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gv-scrubber';
    this.element.innerHTML = `
      <button type="button" class="gv-play" title="Play/pause (Space)">▶</button>
      <select class="gv-speed" title="Playback speed">${SPEEDS.map((s) => `<option value="${s}"${s === 1 ? ' selected' : ''}>${s}x</option>`).join('')}</select>
      <div class="gv-track"><div class="gv-bands"></div><input type="range" class="gv-range" min="0" max="0" value="0" step="1" aria-label="round"></div>
      <span class="gv-round-label"></span>`;
    this.#input = this.element.querySelector('input')!;
    this.#label = this.element.querySelector('.gv-round-label')!;
    this.#bands = this.element.querySelector('.gv-bands')!;
    this.#play = this.element.querySelector('.gv-play')!;
    this.#speed = this.element.querySelector('select')!;
    this.#input.addEventListener('input', () => this.set(Number(this.#input.value)));
    this.#play.addEventListener('click', () => this.toggle());
  }

  get round(): number {
    return this.#round;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get speed(): number {
    return Number(this.#speed.value);
  }

  setRun(times: Float64Array, window: Derived['window']): void {
    this.#times = times;
    this.#input.max = String(Math.max(0, times.length - 1));
    const total = Math.max(1, times.length);
    this.#bands.innerHTML = window
      ? [
          ['warm-up', 0, window.start],
          ['measurement', window.start, window.end],
          ['cool-down', window.end, times.length],
        ]
          .map(
            ([name, from, to]) =>
              `<div class="gv-band gv-band-${name}" style="left:${((from as number) / total) * 100}%;width:${(((to as number) - (from as number)) / total) * 100}%" title="${name} (jobs ${window.firstJob}-${window.lastJob} measured)"></div>`,
          )
          .join('')
      : '';
  }

  /** Move to a round (clamped) and tell the viewer. */
  set(round: number): void {
    const last = Math.max(0, this.#times.length - 1);
    const next = Math.max(0, Math.min(last, Math.round(round)));
    this.#round = next;
    this.#input.value = String(next);
    this.#label.textContent = `round ${next} / ${last} · ${formatDuration(this.#times[next] ?? 0)}`;
    this.onChange?.(next);
  }

  toggle(): void {
    if (this.#playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.#playing) return;
    if (this.#round >= this.#times.length - 1) this.set(0);
    this.#playing = true;
    this.#play.textContent = '❚❚';
    this.#last = performance.now();
    this.#carry = 0;
    const tick = (now: number) => {
      if (!this.#playing) return;
      this.#carry += ((now - this.#last) / 1000) * BASE_ROUNDS_PER_SECOND * this.speed;
      this.#last = now;
      const steps = Math.floor(this.#carry);
      if (steps > 0) {
        this.#carry -= steps;
        this.set(this.#round + steps);
        if (this.#round >= this.#times.length - 1) this.pause();
      }
      if (this.#playing) this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  pause(): void {
    this.#playing = false;
    this.#play.textContent = '▶';
    cancelAnimationFrame(this.#frame);
  }

  /** Space, Left/Right, Home/End. Returns true when the key was used. */
  handleKey(event: KeyboardEvent): boolean {
    switch (event.key) {
      case ' ':
        this.toggle();
        return true;
      case 'ArrowLeft':
        this.pause();
        this.set(this.#round - 1);
        return true;
      case 'ArrowRight':
        this.pause();
        this.set(this.#round + 1);
        return true;
      case 'Home':
        this.set(0);
        return true;
      case 'End':
        this.set(this.#times.length - 1);
        return true;
      default:
        return false;
    }
  }
}
