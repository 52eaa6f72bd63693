export { ResourceGraphFindingsSource, type GraphSourceOptions } from './graph-source.js';
