export { type DirListing, type EntryStats, type ListDetail } from './listDir.js';
export { listDirSync, ScanPool } from './ScanPool.js';
export { walkTree, type WalkOptions } from './walkTree.js';
