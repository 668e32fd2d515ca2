import { runConformance } from '@byosd/conformance';
import { genesysCloudConformance } from '@byosd/simulators';

runConformance(genesysCloudConformance);
