export { CHANGE_SNAPSHOTS, ChangeHistory, type ChangesPort, type ChangesSince, type SnapshotDocuments } from './change-history.js';
