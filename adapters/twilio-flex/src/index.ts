/**
 * @byosd/adapter-twilio-flex: Twilio Flex on Conversations. Its default export is the plugin:
 * `loadServiceDesk('twilio-flex', options)` finds it by name. Node only.
 */
import { twilioFlexAdapter } from './plugin.js';

export default twilioFlexAdapter;
export { twilioFlexAdapter };
export { TwilioFlexServiceDesk } from './twilio-flex-service-desk.js';
export { twilioFlexOptionsSchema, type TwilioFlexOptions, type TwilioFlexOptionsInput } from './twilio-flex-options.js';
export { twilioFlexWebhookRoutes, CONVERSATION_EVENTS_PATH } from './webhook-routes.js';
export {
  computeTwilioSignature,
  isValidTwilioSignature,
  isValidTwilioBodySignature,
  signatureBase,
  urlPortVariants,
  type TwilioParams,
} from '../protocol/twilio-signature.js';
export { agentProfileOf } from './agent-roster.js';
export { estimateQueue, type QueueStatistics } from './queue-estimate.js';
export { MessageSequencer, type SequencedMessage } from './message-sequencer.js';
export { parseFormParams, toFormBody, type FormParams } from '../protocol/form-params.js';
export { CLIENT_MESSAGE_ID_ATTRIBUTE } from './twilio-flex-api.js';
export { nextPageUrl } from './page-url.js';
