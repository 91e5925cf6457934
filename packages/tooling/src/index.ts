export { type ScaffoldOptions, scaffoldProject } from './new-project.ts';
export { type PackageResult, RESULTS_FILE, readPackageResult, summaryLine } from './summary.ts';
export { failedChecks, latestRunSummary, type TurboRun } from './turbo-summary.ts';
export { listWorkspaces, type Workspace } from './workspaces.ts';
