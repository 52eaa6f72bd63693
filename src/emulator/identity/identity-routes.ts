import type { IncomingHttpHeaders } from 'node:http';
import type { Directory } from './directory.js';
import { GraphRoutes } from './graph-routes.js';
import { EntraError, entraErrors } from './entra-error.js';
import type { SigningKey } from './signing-key.js';
import type { TokenEndpoint } from './token-endpoint.js';
import type { TokenFactory } from './token-factory.js';
import type { ReadOnlyIdentity } from './read-only-identities.js';

export interface IdentityAnswer {
  status: number;
  body: unknown;
}

export interface IdentityRequest {
  method: string;
  /** Decoded path segments. */
  segments: readonly string[];
  origin: string;
  ownOrigins: readonly string[];
  headers: IncomingHttpHeaders;
  readBody(): Promise<Buffer>;
}

const IDENTITY_SECOND_SEGMENTS = new Set(['v2.0', 'oauth2', 'discovery']);

/** Whether a path is served by the identity endpoints rather than ARM. */
export function isIdentityPath(segments: readonly string[]): boolean {
  const [first, second] = segments;
  if (first?.toLowerCase() === '_emulator' || first?.toLowerCase() === 'v1.0') return true;
  return second !== undefined && IDENTITY_SECOND_SEGMENTS.has(second.toLowerCase());
}

/**
 * The Microsoft identity platform endpoints MSAL uses (OpenID metadata, JWKS, token), plus the
 * local Teams-SSO stand-in `POST /_emulator/sso-token` and `GET /_emulator/tenant`, and the Microsoft
 * Graph calls group overage needs.
 */
export class IdentityRoutes {
  constructor(
    private readonly tenantId: string,
    private readonly key: SigningKey,
    private readonly directory: Directory,
    private readonly factory: TokenFactory,
    private readonly tokens: TokenEndpoint,
    private readonly readOnly: () => ReadOnlyIdentity[] = () => [],
    private readonly graph: GraphRoutes = new GraphRoutes(tenantId, key, directory),
  ) {}

  async handle(req: IdentityRequest): Promise<IdentityAnswer> {
    try {
      return await this.route(req);
    } catch (error) {
      if (error instanceof EntraError) return { status: error.status, body: error.body(req.origin, header(req.headers, 'client-request-id')) };
      throw error;
    }
  }

  private async route(req: IdentityRequest): Promise<IdentityAnswer> {
    const lower = req.segments.map((s) => s.toLowerCase());
    const path = lower.slice(1).join('/');
    if (lower[0] === '_emulator') return this.emulatorRoute(req, path);
    if (lower[0] === 'v1.0') return this.graph.handle(req.method, req.segments.slice(1).join('/'), header(req.headers, 'authorization'), req.readBody);
    const tenant = req.segments[0] ?? '';
    if (!['common', 'organizations', this.tenantId.toLowerCase()].includes(tenant.toLowerCase())) throw entraErrors.tenantNotFound(tenant);
    if (req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration') return { status: 200, body: this.metadata(req.origin) };
    if (req.method === 'GET' && (path === 'discovery/v2.0/keys' || path === 'discovery/keys')) return { status: 200, body: { keys: [this.key.publicJwk] } };
    if (req.method === 'POST' && path === 'oauth2/v2.0/token') {
      const form = new URLSearchParams((await req.readBody()).toString('utf8'));
      const body = await this.tokens.handle({ origin: req.origin, ownOrigins: req.ownOrigins, form, authorization: header(req.headers, 'authorization') });
      return { status: 200, body };
    }
    if (path === 'oauth2/v2.0/authorize' || path === 'oauth2/v2.0/devicecode') throw entraErrors.interactionUnsupported();
    return notFound(req);
  }

  private async emulatorRoute(req: IdentityRequest, path: string): Promise<IdentityAnswer> {
    if (req.method === 'GET' && path === 'health') return { status: 200, body: { status: 'ok', tenantId: this.tenantId } };
    // What a local bot takes from the served tenant that Azure itself would never hand out: the
    // read-only identity's local secret (like Azurite's well-known account key).
    if (req.method === 'GET' && path === 'tenant') return { status: 200, body: { tenantId: this.tenantId, readOnlyIdentities: this.readOnly() } };
    if (req.method !== 'POST' || path !== 'sso-token') return notFound(req);
    let input: { principalId?: unknown; audience?: unknown };
    try {
      input = JSON.parse((await req.readBody()).toString('utf8') || '{}') as typeof input;
    } catch {
      return { status: 400, body: { error: 'invalid_request', error_description: 'The body must be JSON: { "principalId": "<oid>", "audience": "<app id>" }.' } };
    }
    if (typeof input.principalId !== 'string' || typeof input.audience !== 'string' || input.audience === '') {
      return { status: 400, body: { error: 'invalid_request', error_description: "Both 'principalId' and 'audience' are required strings." } };
    }
    const entry = this.directory.principal(input.principalId);
    if (!entry || entry.principal.type !== 'User') {
      return {
        status: 404,
        body: { error: 'unknown_principal', error_description: `No user with object id '${input.principalId}' exists in tenant '${this.tenantId}'.` },
      };
    }
    if (!entry.enabled) return { status: 403, body: { error: 'user_disabled', error_description: 'AADSTS50057: The user account is disabled.' } };
    const issued = await this.factory.userAssertion(req.origin, entry.principal, input.audience);
    return { status: 200, body: { token: issued.token } };
  }

  /** The v2.0 OpenID Connect discovery document, with the fields MSAL reads and Entra's usual extras. */
  private metadata(origin: string): Record<string, unknown> {
    const base = `${origin}/${this.tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    };
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function notFound(req: IdentityRequest): IdentityAnswer {
  return { status: 404, body: { error: 'not_found', error_description: `No identity endpoint at ${req.method} /${req.segments.join('/')}.` } };
}
