/**
 * restify loads spdy, whose http-deceiver reads `process.binding('http_parser')` at import: Node 20+
 * prints DEP0111 twice on every start, though ShipShape never serves HTTP/2 through it. That one
 * warning is dropped; every other warning still reaches Node's own printer.
 */
function isKnownDependencyWarning(warning: Error & { code?: string }): boolean {
  return warning.name === 'DeprecationWarning' && warning.code === 'DEP0111' && warning.message.includes("process.binding('http_parser')");
}

const printers = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (isKnownDependencyWarning(warning)) return;
  for (const print of printers) print(warning);
});
