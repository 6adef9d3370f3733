// Issue 6, when the API changes: revision diffs, scheduled and webhook refresh, linked-connector updates with overlays.
export { type Clock, systemClock, systemTimer, type Timer } from './clock.ts';
export { type AutoUpdateOutcome, type CheckOutcome, checkApp, systemActorOf } from './detection.ts';
export { newRefreshToken, REFRESH_TOKEN_PREFIX, refreshTokenMatches } from './hook-token.ts';
export { IMPACT_WINDOW_DAYS, type Impact, impactOf, type OperationImpact } from './impact.ts';
export { exportRevision, type VersionBase, versionBase } from './links.ts';
export { type ConflictKind, type MergeConflict, type MergeResult, mergeOverlay, type Resolution } from './merge.ts';
export {
  applyOp,
  computeOverlay,
  type OverlayOp,
  type SourceDocuments,
  toJsonPath,
  toOverlayDocument,
} from './overlay.ts';
export { breakingFirst, diffRevisions, revisionDiff } from './revision-diff.ts';
export { type ChangeScheduler, createChangeScheduler, type SchedulerOptions, type TickReport } from './scheduler.ts';
export { DEFAULT_INTERVAL_SECONDS } from './store.ts';
export { type AppliedUpdate, applyUpdate, planUpdate, planView, type UpdatePlan } from './update.ts';
