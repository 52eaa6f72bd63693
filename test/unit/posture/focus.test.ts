import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, Reply } from '../../../src/commands/types.js';
import { FakePosturePort, postureContext } from './fakes.js';
import { hardened } from './support.js';

/** One posture check asked about across registries: those registries only, the filter stated first. */
const router = createCommandRouter(commands);
const tag = Math.random().toString(36).slice(2, 6).replace(/\d/g, 'q');
const name = (n: string): string => `${n}${tag}`;
const estate = [
  hardened({ name: name('alpha'), id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/${name('alpha')}`, adminUserEnabled: true }),
  hardened({ name: name('bravo'), id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/${name('bravo')}`, privateEndpointConnections: [] }),
  hardened({ name: name('charlie'), id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/${name('charlie')}`, adminUserEnabled: true, environment: 'dev' }),
];

async function ask(text: string): Promise<Reply> {
  return router.handleText(text, postureContext({ posture: new FakePosturePort(estate) }));
}

function listed(reply: Reply): string[] {
  return ((reply as CardReply).data.registries as { name: string }[]).map((r) => r.name);
}

describe('focused posture questions', () => {
  test('"which registries have admin user enabled" lists those registries and says so first', async () => {
    const reply = (await ask('which registries have admin user enabled')) as CardReply;
    expect(listed(reply).sort()).toEqual([name('alpha'), name('charlie')]);
    expect(String(reply.data.understood)).toMatch(/^Only registries with the admin user enabled: 2 of 3/);
  });

  test('negation asks for the other side', async () => {
    expect(listed(await ask('which registries have the admin user disabled'))).toEqual([name('bravo')]);
    expect(listed(await ask('registries without private link'))).toEqual([name('bravo')]);
    expect(listed(await ask('which registries have private link')).sort()).toEqual([name('alpha'), name('charlie')]);
  });

  test('the focus combines with the environment', async () => {
    expect(listed(await ask('which prod registries have admin user enabled'))).toEqual([name('alpha')]);
  });

  test('nothing in the asked state is said plainly', async () => {
    const reply = await ask('which registries allow anonymous pull');
    expect(reply.kind).toBe('text');
    expect(reply.kind === 'text' ? reply.text : '').toMatch(/^None of the 3 registries/);
  });

  test('a question without a single check keeps the whole summary', async () => {
    expect(listed(await ask('audit registries')).length).toBe(3);
  });
});
