import { readFileSync } from 'node:fs';

/**
 * Just enough of Bicep's syntax to check templates without the Bicep compiler (none can be installed
 * here): declarations with their decorators, module calls with their parameters, resource types.
 */

export interface Declaration {
  kind: 'param' | 'output';
  name: string;
  type: string;
  /** Text after `=`, for params with a default and for outputs. */
  value: string | undefined;
  decorators: string[];
  line: number;
}

export interface ModuleCall {
  symbol: string;
  path: string;
  params: string[];
}

export interface BicepFile {
  file: string;
  text: string;
  /** The code with comments removed and string literals reduced to their `${…}` interpolations. */
  code: string;
  declarations: Declaration[];
  modules: ModuleCall[];
  resources: { symbol: string; type: string; apiVersion: string }[];
}

/** Drops comments and the literal parts of strings, keeping interpolations, so identifiers can be searched. */
export function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else if (c === "'") {
      out += "'";
      for (i++; i < text.length && text[i] !== "'"; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '$' && text[i + 1] === '{') {
          const end = text.indexOf('}', i);
          out += ` ${text.slice(i + 2, end)} `;
          i = end;
        } else if (text[i] === '\n') out += '\n';
      }
      out += "'";
    } else out += c;
  }
  return out;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if ('{[('.includes(c)) depth++;
    if ('}])'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

export function parseBicep(file: string): BicepFile {
  const text = readFileSync(file, 'utf8');
  const code = codeOnly(text);
  const lines = code.split('\n');
  const declarations: Declaration[] = [];
  const modules: ModuleCall[] = [];
  const resources: BicepFile['resources'] = [];
  let pending: string[] = [];
  let decorator = '';
  const rawLines = text.split('\n');

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const raw = (rawLines[i] as string).trim();
    if (decorator !== '' || line.startsWith('@')) {
      // Decorators may span lines (@allowed([...])); the raw text keeps their string arguments.
      decorator += (decorator ? '\n' : '') + raw;
      if (balanced(codeOnly(decorator))) {
        pending.push(decorator);
        decorator = '';
      }
      continue;
    }
    const declaration = /^(param|output)\s+(\w+)\s+(\w+)(?:\s*=\s*(.*))?$/.exec(line);
    if (declaration) {
      declarations.push({ kind: declaration[1] as 'param' | 'output', name: declaration[2] as string, type: declaration[3] as string, value: declaration[4], decorators: pending, line: i + 1 });
      pending = [];
      continue;
    }
    if (line !== '') pending = [];
    const resource = /^resource\s+(\w+)\s+'([^@']+)@([^']+)'/.exec(raw);
    if (resource) resources.push({ symbol: resource[1] as string, type: resource[2] as string, apiVersion: resource[3] as string });
    const module = /^module\s+(\w+)\s+'([^']+)'\s*=\s*\{/.exec(raw);
    if (module) modules.push({ symbol: module[1] as string, path: module[2] as string, params: moduleParams(lines, i) });
  }
  return { file, text, code, declarations, modules, resources };
}

/** The keys of the `params: { … }` block of the module call starting at line `start`. */
function moduleParams(lines: string[], start: number): string[] {
  let depth = 0;
  let inParams = -1;
  const keys: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (inParams < 0 && /^\s*params:\s*\{/.test(line)) inParams = depth + 1;
    else if (inParams > 0 && depth === inParams) {
      const key = /^\s*(\w+):/.exec(line);
      if (key) keys.push(key[1] as string);
    }
    for (const c of line) {
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
    }
    if (depth === 0 && i > start) break;
  }
  return keys;
}

export function params(file: BicepFile): Declaration[] {
  return file.declarations.filter((d) => d.kind === 'param');
}

export function descriptionOf(d: Declaration): string | undefined {
  const found = d.decorators.map((text) => /^@description\('((?:[^'\\]|\\.)*)'\)$/s.exec(text)).find(Boolean);
  return found?.[1];
}

export function isSecure(d: Declaration): boolean {
  return d.decorators.some((text) => text === '@secure()');
}

export { balanced };
