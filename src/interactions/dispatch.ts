import type { Answer, Dispatch, Interaction } from '../platforms/transport.js';
import type { InteractionDeps } from './deps.js';
import { handleButton } from './handle-button.js';
import { handleCommand } from './handle-command.js';
import { handleLink } from './handle-link.js';

/** The one entry for every click, command and action link, whichever platform and transport delivered it. */
export function createDispatch(deps: InteractionDeps): Dispatch {
  const dispatch = (interaction: Interaction): Promise<Answer> => {
    switch (interaction.kind) {
      case 'button':
        return handleButton(deps, interaction);
      case 'command':
        return handleCommand(deps, interaction);
      case 'link':
        return handleLink(deps, interaction);
    }
  };
  return dispatch as Dispatch;
}
