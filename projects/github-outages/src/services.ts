/**
 * Which GitHub service an incident hit, from its components and, when it lists none, its title.
 * Actions hosted runners, Codespaces and Copilot ran on Azure from their launch; the rest is the
 * core platform that the October 2025 plan moves there.
 */
export const AZURE_NATIVE = ['Actions', 'Codespaces', 'Copilot'] as const;

const SERVICE_PATTERNS: [service: string, pattern: RegExp][] = [
  ['Actions', /\bActions\b|\b(hosted|larger) runners?\b/i],
  ['Codespaces', /\bCodespaces?\b/i],
  ['Copilot', /\bCopilot\b/i],
  ['Git Operations', /\bGit Operations\b|\bgit (clone|push|pull|fetch)/i],
  ['API Requests', /\bAPI\b/],
  // "Issues with X" is English, not the Issues service.
  ['Issues', /\bIssues\b(?!\s+(with|for|on|in|affecting|when)\b)/],
  ['Pull Requests', /\bPull Requests?\b/i],
  ['Webhooks', /\bWebhooks?\b/i],
  ['Pages', /\bPages\b/],
  ['Packages', /\bPackages\b|\bContainer Registry\b|\bnpm\b/i],
];

/** Component names GitHub uses for a service it shows under another name, and non-services. */
const COMPONENT_ALIASES: Record<string, string | null> = {
  'Copilot AI Model Providers': 'Copilot',
  'Visit www.githubstatus.com for more information': null,
};

export type ServiceClass = 'azure-native' | 'mixed' | 'core' | 'unattributed';

export function servicesOf(components: readonly string[], title: string): string[] {
  const services = new Set<string>();
  for (const component of components) {
    const alias = component in COMPONENT_ALIASES ? COMPONENT_ALIASES[component] : component;
    if (alias) services.add(alias);
  }
  if (services.size === 0) {
    for (const [service, pattern] of SERVICE_PATTERNS) if (pattern.test(title)) services.add(service);
  }
  return [...services].sort();
}

export function classifyServices(services: readonly string[]): ServiceClass {
  if (services.length === 0) return 'unattributed';
  const native = services.filter((service) => (AZURE_NATIVE as readonly string[]).includes(service)).length;
  if (native === services.length) return 'azure-native';
  return native > 0 ? 'mixed' : 'core';
}
