/**
 * The custom attribute that carries the user's question (`message_to_human_agent`) to the agent. Not Genesys's
 * own: a deployment shows it to agents (a Script or the interaction's details), as the simulator's console does.
 */
export const TOPIC_ATTRIBUTE = 'byosd.topic';
