import { runConformance } from '@byosd/conformance';
import { viaGateway } from '@byosd/testbed';
import { twilioFlexConformance } from '../testbed/index.js';

runConformance(viaGateway(twilioFlexConformance));
