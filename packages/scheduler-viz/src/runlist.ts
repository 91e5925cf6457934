// The dev server's listing entry; a type-only import, so no server code reaches the browser.
import type { ListedRun } from '../server/runs-plugin.ts';
import { escapeHtml } from './format-values.ts';

export type { ListedRun };

const TAG_KEYS = ['policy', 'placement', 'preset', 'load', 'seed'];

/** The runs the dev server found, with a filter per tag; open or compare a run from the list. */
export class RunList {
  readonly element: HTMLElement;
  onOpen: ((url: string, name: string, compare: boolean) => void) | undefined;
  #runs: ListedRun[] = [];
  #filters: Record<string, string> = {};

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gv-runlist';
  }

  async fetch(endpoint: string): Promise<void> {
    try {
      const response = await fetch(endpoint);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.#runs = (await response.json()) as ListedRun[];
    } catch (error) {
      this.element.innerHTML = `<div class="gv-muted">No run list (${escapeHtml(String(error))}); open a file instead.</div>`;
      return;
    }
    this.render();
  }

  render(): void {
    const values = (key: string) =>
      [...new Set(this.#runs.map((r) => r.tags[key]).filter((v): v is string => v !== undefined))].sort();
    const filters = TAG_KEYS.filter((key) => values(key).length > 0)
      .map(
        (key) =>
          `<label>${key} <select data-tag="${key}"><option value="">any</option>${values(key)
            .map((v) => `<option${this.#filters[key] === v ? ' selected' : ''}>${escapeHtml(v)}</option>`)
            .join('')}</select></label>`,
      )
      .join(' ');
    const shown = this.#runs.filter((run) =>
      Object.entries(this.#filters).every(([k, v]) => !v || run.tags[k] === v),
    );
    const rows = shown
      .map(
        (run) => `<li data-url="${escapeHtml(run.url)}">
          <span class="gv-run-name">${escapeHtml(run.name)}</span>
          ${
            run.error
              ? `<span class="gv-error-inline">${escapeHtml(run.error)}</span>`
              : Object.entries(run.tags)
                  .map(([k, v]) => `<span class="gv-tag">${escapeHtml(k)}: ${escapeHtml(v)}</span>`)
                  .join('')
          }
          <span class="gv-muted">${new Date(run.mtimeMs).toISOString().slice(0, 16).replace('T', ' ')} · ${(run.sizeBytes / 1e6).toFixed(1)} MB</span>
          <button type="button" data-action="open">open</button><button type="button" data-action="compare">compare</button></li>`,
      )
      .join('');
    this.element.innerHTML = `<div class="gv-filters">Runs (${shown.length} of ${this.#runs.length}) ${filters}</div><ul class="gv-runs">${rows || '<li class="gv-muted">no runs found</li>'}</ul>`;
    for (const select of this.element.querySelectorAll<HTMLSelectElement>('select[data-tag]')) {
      select.addEventListener('change', () => {
        this.#filters[select.dataset.tag!] = select.value;
        this.render();
      });
    }
    for (const button of this.element.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
      button.addEventListener('click', () => {
        const item = button.closest('li')!;
        const run = this.#runs.find((r) => r.url === item.dataset.url);
        if (run) this.onOpen?.(run.url, run.name, button.dataset.action === 'compare');
      });
    }
  }
}
