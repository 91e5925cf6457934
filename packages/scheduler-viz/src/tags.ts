/** Run tags from its config (policy, placement, preset, load, seed), for the run list and pane titles. */
export function runTags(config: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  const put = (tag: string, ...keys: string[]) => {
    for (const key of keys) {
      const value = config[key];
      if (value === undefined || value === null || typeof value === 'object') continue;
      tags[tag] =
        typeof value === 'number' && !Number.isInteger(value)
          ? String(Number(value.toPrecision(4)))
          : String(value);
      return;
    }
  };
  put('policy', 'policy');
  put('placement', 'placement');
  put('preset', 'preset', 'cluster');
  put('load', 'jobsPerHour', 'load', 'jobs_per_hour');
  put('seed', 'seed');
  return tags;
}
