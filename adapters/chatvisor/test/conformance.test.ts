import { runConformance } from '@byosd/conformance';
import { chatvisorConformance } from '../testbed/index.js';

runConformance(chatvisorConformance);
