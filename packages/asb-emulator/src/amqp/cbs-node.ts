import type { EventContext } from 'rhea';
import type { ClientConnection, LinkHandler } from './client-connection.js';
import { types } from './rhea-module.js';

/**
 * `$cbs`: the SDK puts a token (SAS or JWT) for every entity it opens a link to. The emulator checks nothing and
 * accepts every token, as a namespace whose keys everyone has would; authorization is not emulated.
 */
export class CbsNode implements LinkHandler {
  constructor(private readonly client: ClientConnection) {}

  onMessage(context: EventContext): void {
    const request = context.message!;
    context.delivery?.accept();
    const operation = request.application_properties?.operation;
    const accepted = operation === 'put-token';
    this.client.reply(request.reply_to, {
      correlation_id: request.message_id,
      application_properties: {
        'status-code': types.wrap_int(accepted ? 202 : 400),
        'status-description': accepted ? 'Accepted' : `Unsupported $cbs operation '${String(operation)}'`,
      },
    });
  }

  onClose(): void {}
}
