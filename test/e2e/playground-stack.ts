import path from 'node:path';
import { startPlayground, type RunningPlayground } from '../../src/local/playground.js';
import type { Persona } from '../harness/personas.js';
import { startStack, type Stack } from '../harness/stack.js';

/** Emulator + bot + Agents Playground, with the given people (the first one signed in). */
export interface PlaygroundStack {
  stack: Stack;
  playground: RunningPlayground;
  close(): Promise<void>;
}

/** A Playground in front of a running stack's bot; each call gets its own config directory. */
export function startPlaygroundFor(
  stack: Stack,
  people: Persona[],
  options: { signedIn?: Persona; log?: (line: string) => void } = {},
): Promise<RunningPlayground> {
  return startPlayground({
    botEndpoint: `${stack.botUrl}/api/messages`,
    port: 0,
    tenantId: stack.emulator.tenantId,
    personas: people.map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, email: p.email })),
    configDir: path.join(stack.workdir, `playground-${options.signedIn?.key ?? people[0]?.key ?? 'nobody'}-${Date.now()}`),
    bot: stack.context.bot,
    ...(options.signedIn ? { signedIn: options.signedIn.aadObjectId } : {}),
    log: options.log ?? (() => undefined),
  });
}

export async function startPlaygroundStack(people: Persona[], log?: (line: string) => void): Promise<PlaygroundStack> {
  // The Playground plays Teams here, so no connector: the bot replies to the Playground's serviceUrl.
  const stack = await startStack({ connector: false });
  try {
    const playground = await startPlaygroundFor(stack, people, log ? { log } : {});
    return {
      stack,
      playground,
      close: async () => {
        await playground.stop();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
