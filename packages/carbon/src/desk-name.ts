/** Carbon AI Chat refuses a service desk whose `getName()` is empty or longer than this (and then loads no desk). */
export const CARBON_MAX_DESK_NAME_LENGTH = 40;

/**
 * The adapter's name as Carbon gets it: passed through when Carbon accepts it, else cut to 40 characters with a
 * warning, so that a long adapter name cannot stop Carbon from loading the desk at all.
 */
export function carbonDeskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'byosd';
  if (trimmed.length <= CARBON_MAX_DESK_NAME_LENGTH) return trimmed;
  console.warn(`byosd: the desk name "${trimmed}" is longer than Carbon's ${CARBON_MAX_DESK_NAME_LENGTH} characters; it is cut short`);
  return `${trimmed.slice(0, CARBON_MAX_DESK_NAME_LENGTH - 1)}…`;
}
