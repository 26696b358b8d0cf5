import type { Answer, Dispatch, Interaction } from '../platforms/transport.js';
import type { InteractionDeps } from './deps.js';
import { handleButton } from './handle-button.js';
import { handleCommand } from './handle-command.js';

/** The one entry for every click and command, whichever platform and transport delivered it. */
export function createDispatch(deps: InteractionDeps): Dispatch {
  const dispatch = (interaction: Interaction): Promise<Answer> =>
    interaction.kind === 'button' ? handleButton(deps, interaction) : handleCommand(deps, interaction);
  return dispatch as Dispatch;
}
