import type { RouteModule } from '../http/types.js';
import { filterIterable, requireScope } from './access.js';
import { API } from './api-versions.js';
import { notFoundById } from './errors.js';

/**
 * Microsoft.Insights diagnostic settings of a resource (where its logs go: `properties.workspaceId`,
 * `logs[]`). The list is one `{ value }` document without paging, as Azure Monitor answers it.
 */

const TYPE = 'Microsoft.Insights/diagnosticSettings';
const READ = 'Microsoft.Insights/diagnosticSettings/read';

export const diagnosticSettingRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/{*resourceUri}/providers/Microsoft.Insights/diagnosticSettings',
    apiVersions: API.diagnosticSettings,
    handler: (req, ctx) => {
      const resourceUri = requireScope(ctx, req.caller, req.params.resourceUri ?? '', READ);
      const own = (id: string) => id.toLowerCase().startsWith(`${resourceUri.toLowerCase()}/providers/microsoft.insights/diagnosticsettings/`);
      return { status: 200, body: { value: [...filterIterable(ctx.store.listByType(TYPE, resourceUri), (s) => own(s.id))] } };
    },
  },
  {
    method: 'GET',
    pattern: '/{*resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}',
    apiVersions: API.diagnosticSettings,
    handler: (req, ctx) => {
      const resourceUri = requireScope(ctx, req.caller, req.params.resourceUri ?? '', READ);
      const id = `${resourceUri}/providers/${TYPE}/${req.params.name ?? ''}`;
      const found = ctx.store.get(id);
      if (!found) throw notFoundById(id);
      return { status: 200, body: found };
    },
  },
];
