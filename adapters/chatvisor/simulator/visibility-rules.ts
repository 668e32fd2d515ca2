import { actionRuleSchema, type ActionRule, type RuleCondition } from '../protocol/index.js';
import type { z } from 'zod';

type Rule = z.output<typeof actionRuleSchema>;

/** What a rule may look at: the agents now, the clock, and what is known of the visitor. */
export interface VisibilityFacts {
  anyAgentOnline: boolean;
  anyAgentAvailable: boolean;
  now: Date;
  /** Unknown when the caller did not say. */
  secondsOnPage?: number | undefined;
  /** 1 for a first visit, 2 for the second... Unknown when the caller did not say. */
  visitNumber?: number | undefined;
}

export interface RuleOutcome {
  condition: RuleCondition;
  negate: boolean;
  /** Null when the rule needs a visitor fact that is unknown: such a rule does not hide the chat. */
  satisfied: boolean | null;
}

/**
 * Chatvisor's action rules: the chat shows when every rule of the level holds (a negated rule holds when its
 * condition does not), and when nothing is configured. Combined with the REST setting: `enabled: false` hides it
 * whatever the rules say.
 */
export function evaluateVisibility(rules: readonly ActionRule[], level: 'PAGE' | 'CHAT', facts: VisibilityFacts, enabled: boolean) {
  const outcomes: RuleOutcome[] = rules
    .map((rule) => actionRuleSchema.parse(rule))
    .filter((rule) => rule.level === level || level === 'CHAT')
    .map((rule) => {
      const holds = conditionHolds(rule, facts);
      return { condition: rule.condition, negate: rule.negate, satisfied: holds === null ? null : holds !== rule.negate };
    });
  const visible = enabled && outcomes.every((outcome) => outcome.satisfied !== false);
  return { visible, enabled, rules: outcomes };
}

function conditionHolds(rule: Rule, facts: VisibilityFacts): boolean | null {
  switch (rule.condition) {
    case 'AGENT_ONLINE':
      return facts.anyAgentOnline;
    case 'AGENT_AVAILABLE':
      return facts.anyAgentAvailable;
    case 'OPENING_HOURS': {
      const hours = rule.openingHours;
      if (!hours) return false;
      const day = ((facts.now.getUTCDay() + 6) % 7) + 1;
      const minute = facts.now.getUTCHours() * 60 + facts.now.getUTCMinutes();
      return hours.days.includes(day) && minute >= minutesOf(hours.from) && minute < minutesOf(hours.to);
    }
    case 'SECONDS_ON_PAGE':
      return facts.secondsOnPage === undefined ? null : facts.secondsOnPage >= (rule.seconds ?? 0);
    case 'SECOND_VISIT':
      return facts.visitNumber === undefined ? null : facts.visitNumber >= 2;
  }
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
