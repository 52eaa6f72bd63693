export { resourceGraphRoutes, RESOURCE_GRAPH_API } from './routes.js';
export { DEFAULT_QUOTA } from './quota.js';
export type { QuotaOptions } from './quota.js';
