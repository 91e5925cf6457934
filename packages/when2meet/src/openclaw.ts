// OpenClaw plugin entry (package.json "openclaw.extensions"). The plugin's work is done by the
// skill in skill/SKILL.md, which drives the `when2meet` CLI; the entry only identifies the plugin
// so OpenClaw can load it. No SDK import: the object shape is all OpenClaw reads.

export interface When2MeetPluginConfig {
  defaultName?: string;
  defaultTimezone?: string;
  baseUrl?: string;
}

const plugin = {
  id: 'when2meet',
  name: 'When2Meet',
  description: 'Create When2Meet polls, read who is free, pick a time and fill availability from a calendar.',
  register(_api: unknown): void {
    // Nothing to register at runtime: the skill is declared in openclaw.plugin.json.
  },
};

export default plugin;
