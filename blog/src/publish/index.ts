export { darkTwinPath } from './images.ts';
export { lintDraft } from './lint.ts';
export { sourceLines } from './markdown-lines.ts';
export { checkPost, renderPost } from './post-file.ts';
export {
  listDraftProjects,
  type PublishOptions,
  type PublishResult,
  type PublishStatus,
  publishProject,
} from './publish.ts';
export { type DraftWarning, formatWarning } from './warnings.ts';
