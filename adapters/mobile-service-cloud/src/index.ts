import { mobileServiceCloudAdapter } from './plugin.js';

export default mobileServiceCloudAdapter;
export { mobileServiceCloudAdapter, MOBILE_SERVICE_CLOUD_CAPABILITIES } from './plugin.js';
export {
  mobileServiceCloudOptionsSchema,
  MOBILE_SERVICE_CLOUD_SECRET_OPTIONS,
  type MobileServiceCloudOptions,
  type MobileServiceCloudOptionsInput,
} from './mobile-service-cloud-options.js';
export { MobileServiceCloudServiceDesk } from './mobile-service-cloud-service-desk.js';
export { HandoverFailedError, isHandoverFailedError, type HandoverStep } from './handover-error.js';
export { MESSAGE_WEBHOOK_PATH } from './message-webhook.js';
export { prechatIntake, PAYLOAD_KEYS } from './intake.js';
export { SlidingWindowRateLimiter, type LimiterClock, type RateLimiterOptions } from './rate-limiter.js';
export { SessionLock } from './session-lock.js';
export { createMobileServiceCloudServiceDesk, type MobileServiceCloudHost } from './create-service-desk.js';
