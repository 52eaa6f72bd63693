import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';

/** `cards/` at the project root: three levels up from src/bot/cards and from dist/bot/cards alike. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../cards/', import.meta.url));

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface TemplateSource {
  /** Expands `cards/{name}.json` with `data` as `$root`. */
  expand(name: string, data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Loads each template once and keeps it; card JSON is part of the release, not edited at run time. */
export function createTemplateSource(dir = DEFAULT_TEMPLATES_DIR): TemplateSource {
  const cache = new Map<string, Promise<ACData.Template>>();
  const load = (name: string): Promise<ACData.Template> => {
    // Template names come from code, but a name is a path segment: never let one climb out of cards/.
    if (!NAME.test(name)) return Promise.reject(new Error(`Invalid card template name "${name}"`));
    let template = cache.get(name);
    if (!template) {
      template = readFile(path.join(dir, `${name}.json`), 'utf8').then((json) => new ACData.Template(JSON.parse(json)));
      template.catch(() => cache.delete(name));
      cache.set(name, template);
    }
    return template;
  };
  return {
    async expand(name, data) {
      const template = await load(name);
      return template.expand({ $root: data }) as Record<string, unknown>;
    },
  };
}
