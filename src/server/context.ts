/**
 * What every protocol server gets from `mailkeep serve`.
 */

import type { LoginThrottle } from '../auth/throttle.js';
import type { Config } from '../config/config.js';
import type { Services } from '../services/context.js';
import type { Logger } from './logger.js';
import type { ServerCertificate } from './tls/certificates.js';

export interface ServerContext {
  config: Config;
  services: Services;
  log: Logger;
  certificate: ServerCertificate;
  throttle: LoginThrottle;
}
