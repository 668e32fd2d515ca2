/**
 * Every Chatvisor REST path this project uses, in ONE table, relative to the API base (`https://api.chatvisor.com`
 * + `CHATVISOR_REST_BASE`). Chatvisor (TeamViewer Engage) publishes only some of them: each entry says whether
 * it is documented, and for the others what this project assumes. The adapter and the simulator both build their
 * URLs from this table, so a path that turns out to be different is corrected here, once.
 * Path parameters are written `:name` (the simulator registers them as they are).
 */
export const CHATVISOR_REST_BASE = '/rest/v1';

export interface RestPath {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** True when developers.chatvisor.com publishes this path; false when it is this project's assumption. */
  documented: boolean;
  /** What the call does (and, for an assumption, what is known about it). */
  purpose: string;
}

export const CHATVISOR_PATHS = {
  listCustomers: { method: 'GET', path: '/customer', documented: true, purpose: 'Lists customers, paged (`offset`, `pageNumber`, `pageSize`).' },
  listActiveCustomers: {
    method: 'GET',
    path: '/customer/active',
    documented: false,
    purpose: 'Lists the customers whose conversation is not DONE (operation listed by Chatvisor, path not public).',
  },
  queryCustomer: { method: 'GET', path: '/customer/:customerId', documented: false, purpose: 'Reads one customer (operation listed, path not public).' },
  tagCustomer: {
    method: 'POST',
    path: '/customer/tag',
    documented: false,
    purpose: 'Creates or re-identifies a customer with `{email, firstname, id, labels, lastname}` (body documented, path not public).',
  },
  assignCustomer: {
    method: 'POST',
    path: '/customer/:customerId/assign',
    documented: false,
    purpose: 'Routes a customer to a user OR a team, never both (operation listed, path not public).',
  },
  listUsers: { method: 'GET', path: '/user', documented: false, purpose: 'Lists the agent accounts (agent sync; path not public).' },
  createUser: { method: 'POST', path: '/user', documented: false, purpose: 'Creates an agent account (agent sync; path not public).' },
  updateUser: { method: 'PUT', path: '/user/:userId', documented: false, purpose: 'Updates an agent account (agent sync; path not public).' },
  deleteUser: { method: 'DELETE', path: '/user/:userId', documented: false, purpose: 'Deletes an agent account (agent sync; path not public).' },
  userStatus: {
    method: 'GET',
    path: '/user/status',
    documented: false,
    purpose: 'Which agents are online and available now (the browser API has `CV.api.isAgentOnline`; the REST path is assumed).',
  },
  agentOnlineTimes: {
    method: 'POST',
    path: '/report/agent/times/online',
    documented: true,
    purpose: 'Report: when each agent was online, `{"grouping":"LAST_7_DAYS"}`.',
  },
  chatVisibility: {
    method: 'GET',
    path: '/webchat/visibility',
    documented: false,
    purpose:
      'Whether the chat is shown now: the action rules and the REST setting combined (the browser has `CV.api.shouldShowWebchat`; the REST path is assumed).',
  },
  setChatVisibility: {
    method: 'PUT',
    path: '/webchat/visibility',
    documented: false,
    purpose: 'The REST side of chat visibility: `{"enabled": false}` hides the chat whatever the rules say (documented as possible, path not public).',
  },
  listConversations: {
    method: 'GET',
    path: '/conversation',
    documented: false,
    purpose: 'Polls conversations (`status`, `updatedSince`); documented as possible, path not public.',
  },
  openConversation: {
    method: 'POST',
    path: '/conversation',
    documented: false,
    purpose: 'Opens the conversation of a tagged customer, with a subject (assumed).',
  },
  getConversation: {
    method: 'GET',
    path: '/conversation/:customerId',
    documented: false,
    purpose: 'Reads one conversation: status, agent, co-browse flag (assumed).',
  },
  conversationHistory: {
    method: 'GET',
    path: '/conversation/:customerId/messages',
    documented: false,
    purpose: 'The conversation timeline after `afterSeq`: messages and status changes, in order (assumed).',
  },
  postCustomerMessage: {
    method: 'POST',
    path: '/conversation/:customerId/messages',
    documented: false,
    purpose: 'A customer message, deduplicated by `externalId` (assumed).',
  },
  setConversationStatus: {
    method: 'PUT',
    path: '/conversation/:customerId/status',
    documented: false,
    purpose: 'Sets the status, e.g. DONE to close it (assumed).',
  },
  publicAgentUrl: {
    method: 'POST',
    path: '/conversation/:customerId/public-url',
    documented: false,
    purpose: 'A unique URL that logs the agent in and opens this chat (documented as an operation, path not public).',
  },
  setCobrowse: {
    method: 'PUT',
    path: '/conversation/:customerId/cobrowse',
    documented: false,
    purpose: 'The co-browse flag of a conversation (the page API is `CV.cobrowse.start()`; the REST path is assumed).',
  },
} as const satisfies Record<string, RestPath>;

export type ChatvisorOperation = keyof typeof CHATVISOR_PATHS;

/** The path of `operation` under the API base, with its `:params` filled in (URL-encoded). */
export function chatvisorPath(operation: ChatvisorOperation, params: Readonly<Record<string, string>> = {}): string {
  const template: string = CHATVISOR_PATHS[operation].path;
  const filled = template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Chatvisor path ${template} needs the parameter "${name}"`);
    return encodeURIComponent(value);
  });
  return `${CHATVISOR_REST_BASE}${filled}`;
}

/** The query parameter that may carry the API token (else `Authorization: Bearer TOKEN`). */
export const ACCESS_TOKEN_PARAMETER = 'access_token';
