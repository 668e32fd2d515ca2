import { runConformance } from '@byosd/conformance';
import { twilioFlexConformance } from '@byosd/simulators';

runConformance(twilioFlexConformance);
