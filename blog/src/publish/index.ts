export { darkTwinPath } from './images.ts';
export { lintDraft } from './lint.ts';
export { sourceLines } from './markdown-lines.ts';
export { checkPost, renderPost } from './post-file.ts';
export {
  HandEditedError,
  listDraftProjects,
  publishProject,
  type PublishOptions,
  type PublishResult,
  type PublishStatus,
} from './publish.ts';
export { formatWarning, type DraftWarning } from './warnings.ts';
