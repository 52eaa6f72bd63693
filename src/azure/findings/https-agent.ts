import { Agent } from 'node:https';
import { createSecureContext } from 'node:tls';

/**
 * One keep-alive connection pool per trusted CA, shared by every findings request of every user
 * (connections carry no identity: each request has its own bearer token). Its TLS context is built
 * once: given a bare `ca`, Node builds a new context, parsing the certificate again, for every
 * connection, which costs more CPU than the downloads themselves when a scan opens dozens of
 * connections. Certificate checks are unchanged: only the set of trusted roots is replaced.
 */
const agents = new Map<string, Agent>();

/** Sockets per pool; requests beyond it queue (the throttle gate keeps them fewer anyway). */
const MAX_SOCKETS = 64;

export function sharedAgent(caCertPem: string | undefined): Agent | undefined {
  if (!caCertPem) return undefined;
  let agent = agents.get(caCertPem);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS, secureContext: createSecureContext({ ca: caCertPem }) });
    agents.set(caCertPem, agent);
  }
  return agent;
}
