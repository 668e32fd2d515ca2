import { runConformance, viaGateway } from '@byosd/conformance';
import { genesysCloudConformance } from '@byosd/simulators';

runConformance(viaGateway(genesysCloudConformance));
