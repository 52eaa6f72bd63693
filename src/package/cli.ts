import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commands } from '../commands/index.js';
import { environment, projectRoot } from '../config/index.js';
import { AppPackageError, buildAppPackage } from './app-package.js';
import { manifestValues, ManifestValuesError } from './manifest-values.js';

/**
 * `npm run package [-- --out FILE]`: builds appPackage.zip for upload to Teams from manifest/, the
 * command registry and BOT_ID / BOT_DOMAIN (environment or .env), and validates it.
 */
function outFile(argv: readonly string[]): string {
  const at = argv.indexOf('--out');
  const given = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !given) throw new ManifestValuesError(['--out needs a file name']);
  return path.resolve(given ?? path.join(projectRoot, 'appPackage.zip'));
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function main(): number {
  try {
    const version = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const out = outFile(process.argv.slice(2));
    const { values, notes } = manifestValues(environment(), version);
    const pkg = buildAppPackage({ values, commands });
    writeFileSync(out, pkg.zip);
    const menu = (pkg.manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]?.commandLists[0]?.commands ?? [];
    say(`Wrote ${path.relative(process.cwd(), out) || out} (manifest ${String(pkg.manifest.manifestVersion)}, app ${values.APP_VERSION}, bot ${values.BOT_ID}, domain ${values.BOT_DOMAIN})`);
    say(`Command menu: ${menu.map((c) => c.title).join(' · ')}`);
    if (pkg.left.length > 0) console.warn(`Not in the menu (the schema allows ${menu.length}): ${pkg.left.join(', ')}`);
    for (const note of notes) say(`Note: ${note}`);
    return 0;
  } catch (error) {
    if (error instanceof ManifestValuesError || error instanceof AppPackageError) {
      console.error(error.message);
      if (error instanceof ManifestValuesError) console.error('Set them in the environment or in .env, e.g. BOT_ID=<app id> BOT_DOMAIN=<host> npm run package');
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
