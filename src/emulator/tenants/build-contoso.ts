/**
 * Rebuilds contoso.json from the story tables in src/emulator/generate/contoso.
 * Usage: npx tsx src/emulator/tenants/build-contoso.ts [out-file]
 * The JSON file is what the emulator loads; run this after editing the tables and commit both.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildContosoTenant, serialiseTenant } from '../generate/contoso/contoso-tenant.js';

const out = process.argv[2] ?? fileURLToPath(new URL('./contoso.json', import.meta.url));
const tenant = buildContosoTenant();
await writeFile(out, serialiseTenant(tenant), 'utf8');
process.stderr.write(`wrote ${tenant.resources.length} resources to ${out}\n`);
