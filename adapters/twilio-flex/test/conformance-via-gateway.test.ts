import { runConformance, viaGateway } from '@byosd/conformance';
import { twilioFlexConformance } from '@byosd/simulators';

runConformance(viaGateway(twilioFlexConformance));
