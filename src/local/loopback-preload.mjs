// Loaded with `node --import` into the Agents Playground process. The Playground (and the
// WebSocket server inside it) call `listen(port)` without a host, which binds every interface and
// would expose an unauthenticated bot front end to the network. Pinning host-less listens to the
// loopback interface keeps it on this machine without patching the package itself.
import net from 'node:net';
import process from 'node:process';

const host = process.env.SHIPSHAPE_LISTEN_HOST || '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port, host?, backlog?, callback?): keep an explicit host, fill in a missing one.
    if (typeof second !== 'string') {
      if (second === undefined || second === null) args[1] = host;
      else args.splice(1, 0, host);
    }
  } else if (first !== null && typeof first === 'object' && !('_handle' in first) && !('fd' in first)) {
    // listen({ port, host? }, callback?)
    if (first.path === undefined && !first.host) args[0] = { ...first, host };
  } else if (first === undefined || typeof first === 'function') {
    // listen() / listen(callback): a random port on every interface.
    args.unshift(0, host);
  }
  return originalListen.apply(this, args);
};
