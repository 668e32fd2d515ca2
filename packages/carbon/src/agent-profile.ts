import type { AgentProfile } from '@byosd/core';
import type { ResponseUserProfile } from '@carbon/ai-chat';

/**
 * byosd's agent as Carbon's `ResponseUserProfile`, which also needs `user_type`: a human, so that Carbon treats
 * the agent's text with its protections against injected markup.
 */
export function toCarbonProfile(profile: AgentProfile): ResponseUserProfile {
  return {
    id: profile.id,
    nickname: profile.nickname,
    user_type: 'human' as ResponseUserProfile['user_type'],
    ...(profile.profile_picture_url === undefined ? {} : { profile_picture_url: profile.profile_picture_url }),
  };
}
