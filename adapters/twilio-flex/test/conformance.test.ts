import { runConformance } from '@byosd/conformance';
import { twilioFlexConformance } from '../testbed/index.js';

runConformance(twilioFlexConformance);
