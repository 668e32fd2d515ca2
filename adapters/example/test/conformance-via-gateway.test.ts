import { runConformance, viaGateway } from '@byosd/conformance';
import { exampleConformance } from '@byosd/simulators';

runConformance(viaGateway(exampleConformance));
